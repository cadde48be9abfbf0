/**
 * Coordinate-ascent tuning of a few ranker knobs on the VALID split only (`npm run eval --
 * --split valid --tune`). The chosen values are copied into the defaults by hand and then
 * reported on the test split, so the reported figures are not tuned on themselves.
 */
import type { Profile } from '../ranking/profile';
import type { FeatureWeights, RankSettings } from '../ranking/settings';
import { DEFAULT_PROFILE_SETTINGS, DEFAULT_RANK_SETTINGS } from '../ranking/settings';
import { addDocument, emptyCorpus } from '../ranking/bm25';
import { localrankOrder, taskProfile } from './localrank';
import { auc, ndcgAt, rankedLabels } from './metrics';
import type { EvalDataset } from './task';

type Vec = (t: string) => Float32Array | null;
interface Knobs { weights: FeatureWeights; softTemperature: number; queryExponent: number; halfLifeDays: number; sequenceHalfLife: number; lexicalShare: number }

// The earlier search settled interest, recentMax, softTemperature, queryExponent and the
// half-life; this grid covers the per-item signals added since, and the knobs they interact with.
const GRID: Record<string, number[]> = {
  lexical: [0.5, 0.75, 1], pair: [0.3, 0.6, 1], sequence: [0, 0.3, 0.6], phrase: [0, 0.3, 0.6],
  typicality: [0, 0.3, 0.6], recentSoft: [0.3, 0.6, 1], interest: [0, 0.3], sequenceHalfLife: [3, 7, 20], lexicalShare: [1, 2, 3],
};

/** Mean objective: NDCG@10 (or AUC and NDCG@10 for MIND) over the given data sets, equally weighted. */
function objective(sets: EvalDataset[], vec: Vec, k: Knobs): number {
  const parts: number[] = [];
  for (const ds of sets) {
    const corpus = emptyCorpus();
    for (const t of ds.corpusTitles) addDocument(corpus, t);
    const sums = new Map<string, [number, number]>();
    for (const task of ds.tasks) {
      const profile: Profile = taskProfile(task, ds.name, vec, { ...DEFAULT_PROFILE_SETTINGS, halfLifeMs: k.halfLifeDays * 86_400_000 }, 512);
      const rank: Partial<RankSettings> = {
        weights: k.weights, softTemperature: k.softTemperature, queryExponent: k.queryExponent,
        sequenceHalfLife: k.sequenceHalfLife, lexicalShare: k.lexicalShare,
      };
      const ranked = rankedLabels(localrankOrder(task, profile, ds.name, corpus, vec, rank), task.labels);
      const add = (name: string, v: number): void => void sums.set(name, [(sums.get(name)?.[0] ?? 0) + v, (sums.get(name)?.[1] ?? 0) + 1]);
      add(`${task.setting}:ndcg@10`, ndcgAt(ranked, 10));
      if (ds.metrics.includes('auc')) add(`${task.setting}:auc`, auc(ranked));
    }
    for (const [s, n] of sums.values()) parts.push(s / n);
  }
  return parts.reduce((a, b) => a + b, 0) / Math.max(parts.length, 1);
}

function withKnob(k: Knobs, name: string, v: number): Knobs {
  if (name in k.weights) return { ...k, weights: { ...k.weights, [name]: v } };
  return { ...k, [name]: v };
}

/** Coordinate ascent from the current defaults (`passes` rounds over the grid); logs every step. */
export function tune(sets: EvalDataset[], vec: Vec, log: (s: string) => void, passes = 1): Knobs {
  let best: Knobs = {
    weights: { ...DEFAULT_RANK_SETTINGS.weights }, softTemperature: DEFAULT_RANK_SETTINGS.softTemperature,
    queryExponent: DEFAULT_RANK_SETTINGS.queryExponent, halfLifeDays: DEFAULT_PROFILE_SETTINGS.halfLifeMs / 86_400_000,
    sequenceHalfLife: DEFAULT_RANK_SETTINGS.sequenceHalfLife, lexicalShare: DEFAULT_RANK_SETTINGS.lexicalShare,
  };
  let bestScore = objective(sets, vec, best);
  log(`tune: start ${bestScore.toFixed(4)} ${JSON.stringify(best)}`);
  for (let pass = 0; pass < passes; pass++) {
    for (const [name, values] of Object.entries(GRID)) {
      for (const v of values) {
        const cand = withKnob(best, name, v);
        const score = objective(sets, vec, cand);
        if (score > bestScore + 1e-4) [best, bestScore] = [cand, score];
      }
      log(`tune: pass ${pass} ${name} → ${bestScore.toFixed(4)} ${JSON.stringify(best)}`);
    }
  }
  return best;
}
