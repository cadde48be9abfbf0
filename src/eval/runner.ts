/** Runs every method over every task of a data set and averages the metrics. */
import { addDocument, emptyCorpus } from '../ranking/bm25';
import type { CorpusStats } from '../ranking/bm25';
import type { Profile } from '../ranking/profile';
import { bm25Order, encoderOrder, randomOrder } from './baselines';
import { localrankOrder, taskProfile } from './localrank';
import type { Variant } from './localrank';
import { auc, MeanAccumulator, mrr, ndcgAt, rankedLabels } from './metrics';
import type { EvalDataset, EvalTask } from './task';

export type Results = Record<string, Record<string, number>>;
type Vec = ((t: string) => Float32Array | null) | null;

export interface RunOptions {
  vec: Vec;
  encoderName: string;
  dims: number;
  variants: Variant[];
  randomSeeds: number;
  log: (s: string) => void;
}

function metricValue(name: string, ranked: number[]): number {
  if (name === 'auc') return auc(ranked);
  if (name === 'mrr') return mrr(ranked);
  return ndcgAt(ranked, Number(name.split('@')[1]));
}

/** Record a task's metrics; hard settings report NDCG@10 only, to keep the table readable. */
function record(acc: MeanAccumulator, ds: EvalDataset, task: EvalTask, order: number[], first200: boolean): void {
  const ranked = rankedLabels(order, task.labels);
  const main = task.setting === ds.mainSetting;
  const names = main ? ds.metrics : ds.metrics.filter((m) => m === 'ndcg@10');
  for (const m of names) {
    const v = metricValue(m, ranked);
    acc.add(main ? m : `${m}:${task.setting}`, v);
    if (main && first200) acc.add(`${m}:first200`, v);
    if (!main && task.group) acc.add(`${m}:${task.setting}:${task.group}`, v);
  }
}

function corpusOf(ds: EvalDataset): CorpusStats {
  const c = emptyCorpus();
  for (const t of ds.corpusTitles) addDocument(c, t);
  return c;
}

/** Evaluate all methods on one data set. */
export function runDataset(ds: EvalDataset, opts: RunOptions): Results {
  const corpus = corpusOf(ds);
  const acc = new Map<string, MeanAccumulator>();
  const add = (method: string, task: EvalTask, order: number[], i: number): void => {
    if (!acc.has(method)) acc.set(method, new MeanAccumulator());
    record(acc.get(method) as MeanAccumulator, ds, task, order, i < 200);
  };
  const mainIndex = new Map<string, number>();
  ds.tasks.forEach((task) => {
    const i = mainIndex.get(task.setting) ?? 0;
    mainIndex.set(task.setting, i + 1);
    for (let s = 0; s < opts.randomSeeds; s++) add('random', task, randomOrder(task, 1000 + s * 7919 + i), i);
    add('bm25', task, bm25Order(task, corpus), i);
    if (opts.vec) {
      add(opts.encoderName, task, encoderOrder(task, opts.vec, 1), i);
      add(`${opts.encoderName}-top3`, task, encoderOrder(task, opts.vec, 3), i);
    }
    const profiles = new Map<string, Profile>();
    // Every ablation runs on the main protocol; on the owned-removed SASRec lists only those
    // marked `hard`; other settings get the full ranker alone. That keeps a fresh-clone run
    // (vectors included) under ten minutes on two shared cores.
    const main = task.setting === ds.mainSetting;
    const hard = task.setting === 'sasrec-unowned';
    for (const v of opts.variants) {
      if (v.name !== 'localrank' && !main && !(hard && v.hard)) continue;
      const vec = v.noVectors ? null : opts.vec;
      const key = `${JSON.stringify(v.profile ?? {})}|${vec ? 1 : 0}`;
      const profile = profiles.get(key) ?? taskProfile(task, ds.name, vec, v.profile ?? {}, opts.dims);
      profiles.set(key, profile);
      add(v.name, task, localrankOrder(task, profile, ds.name, v.ownCorpus ? undefined : corpus, vec, v.rank ?? {}), i);
    }
  });
  return Object.fromEntries([...acc].map(([m, a]) => [m, a.means()]));
}
