/** One ranking case of the offline evaluation, whatever the data set. */

export interface EvalItem {
  id: string;
  title: string;
}

export interface EvalTask {
  /** User (or pseudo-user) key; also decides the tuning/report half. */
  user: string;
  /** History oldest first, with times in ms (synthetic one day apart when the data has none). */
  history: Array<EvalItem & { time: number }>;
  /** Candidates in the order the list is "shown" (already shuffled where the protocol says so). */
  candidates: EvalItem[];
  /** 1 = relevant, aligned with `candidates`. */
  labels: number[];
  /** Evaluation time (after the last history event). */
  now: number;
  /** Sub-setting name, e.g. "random", "sasrec-unowned"; metrics get it as a suffix. */
  setting: string;
  /**
   * Subgroup of a hard setting, reported beside it: "in-list" when the target is one of the
   * retriever's own candidates, "added" when the protocol had to insert it into a list of
   * the retriever's picks (an odd one out a list-structure signal can spot; see amazon.ts).
   */
  group?: string;
}

/** A data set's tasks and the corpus titles its BM25 may use for document frequencies. */
export interface EvalDataset {
  name: string;
  tasks: EvalTask[];
  corpusTitles: string[];
  /** Which metrics to report for this data set. */
  metrics: Array<'ndcg@1' | 'ndcg@5' | 'ndcg@10' | 'ndcg@20' | 'auc' | 'mrr'>;
  /** The setting whose metrics are reported without suffix. */
  mainSetting: string;
  /** What was used for tuning and what is reported, printed with the table. */
  note: string;
}

export const DAY_MS = 86_400_000;

/** Spread an ordered history one day apart, ending the day before `now`. */
export function syntheticTimes<T>(items: T[], now: number): Array<T & { time: number }> {
  return items.map((it, i) => ({ ...it, time: now - (items.length - i) * DAY_MS }));
}
