/**
 * The full LocalRank ranker as the evaluation runs it: the same `src/ranking` calls the
 * extension makes (profile fold, then `rankItems`), with history fed as click events.
 */
import { createProfile } from '../ranking/profile';
import type { Profile } from '../ranking/profile';
import { applyEvents } from '../ranking/profile-update';
import { rankItems } from '../ranking/rank';
import type { CorpusStats } from '../ranking/bm25';
import type { ProfileSettings, RankSettings } from '../ranking/settings';
import type { PageItem, ProfileEvent } from '../ranking/types';
import type { EvalTask } from './task';

export interface Variant {
  name: string;
  /** Drop encoder vectors (lexical fallback). */
  noVectors?: boolean;
  profile?: Partial<ProfileSettings>;
  rank?: Partial<RankSettings>;
  /** Also run on the hard owned-removed lists (the full ranker always is). */
  hard?: boolean;
  /**
   * Word rarity from what the extension itself holds (history titles plus the list being
   * ranked) instead of the data set's catalog: a first-day user, before the extension has seen
   * many of the site's lists.
   */
  ownCorpus?: boolean;
}

/** Build the profile of a task's history, as the extension would from stored click events. */
export function taskProfile(task: EvalTask, site: string, vec: ((t: string) => Float32Array | null) | null, settings: Partial<ProfileSettings>, dims: number): Profile {
  const events: ProfileEvent[] = task.history.map((h) => ({ kind: 'click', site, title: h.title, itemId: h.id, time: h.time, count: 1 }));
  const profile = createProfile(vec ? { id: 'eval', dims } : null, settings);
  return applyEvents(profile, events, vec ? task.history.map((h) => vec(h.title)) : []);
}

// The same items array (and vectors array) for every variant of the task being run, so the
// ranker's per-list feature memo serves the ablations that only re-weight. Only the latest
// task is kept: the runner finishes a task's variants before the next, and the memo (vectors
// and features) of earlier lists is then free to go.
let last: { task: EvalTask; items: PageItem[]; vectors: Map<unknown, Array<Float32Array | null>> } | null = null;

function taskList(task: EvalTask, vec: ((t: string) => Float32Array | null) | null): { items: PageItem[]; vectors: Array<Float32Array | null> | null } {
  if (last?.task !== task) last = { task, items: task.candidates.map((c) => ({ title: c.title, itemId: c.id })), vectors: new Map() };
  const l = last;
  if (!vec) return { items: l.items, vectors: null };
  let v = l.vectors.get(vec);
  if (!v) l.vectors.set(vec, (v = task.candidates.map((c) => vec(c.title))));
  return { items: l.items, vectors: v };
}

/** Order of the task's candidates by the full ranker. */
export function localrankOrder(task: EvalTask, profile: Profile, site: string, corpus: CorpusStats | undefined, vec: ((t: string) => Float32Array | null) | null, rank: Partial<RankSettings>): number[] {
  const { items, vectors } = taskList(task, vec);
  // Eval lists are shuffled, so their order carries no platform signal to blend with.
  const settings: Partial<RankSettings> = { platformPrior: false, diversity: 0, ...rank };
  return rankItems({ items, profile, site, now: task.now, vectors, ...(corpus ? { corpus } : {}), settings }).order;
}
