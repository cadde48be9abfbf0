/**
 * From raw features to one personal score per item. Each feature is z-scored within the list
 * so weights mean the same thing whatever the encoder's similarity scale; a missing value
 * (item without a vector) sits at the list mean and so neither helps nor hurts.
 */
import type { ItemFeatures } from './features';
import type { FeatureWeights } from './settings';

export type FeatureName = keyof FeatureWeights;
export const FEATURE_NAMES: readonly FeatureName[] = ['interest', 'recentMax', 'recentSoft', 'lexical', 'negative', 'anchor', 'pair', 'sequence', 'phrase', 'typicality'];

/** Features subtracted from the score: evidence against an item. */
const SUBTRACTED = new Set<FeatureName>(['negative', 'typicality']);
/** Features that need no encoder (word-based, or fused similarity that falls back to words). */
const LEXICAL = new Set<FeatureName>(['lexical', 'negative', 'anchor', 'pair', 'sequence', 'phrase']);

/** z-scores of a column; nulls and non-finite values become 0, a constant column all 0. */
export function zScores(values: Array<number | null>): number[] {
  const ok = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (ok.length < 2) return values.map(() => 0);
  const mean = ok.reduce((s, v) => s + v, 0) / ok.length;
  const sd = Math.sqrt(ok.reduce((s, v) => s + (v - mean) ** 2, 0) / ok.length);
  if (!(sd > 1e-9)) return values.map(() => 0);
  return values.map((v) => (v !== null && Number.isFinite(v) ? (v - mean) / sd : 0));
}

/** Signed per-feature contributions (weight × z) of every item, plus the total. */
export interface Scored {
  contributions: Array<Record<FeatureName, number>>;
  personal: number[];
}

/** Pick the column of one feature; in lexical mode dismissals are matched by words instead. */
function column(features: ItemFeatures[], name: FeatureName, lexicalOnly: boolean): Array<number | null> {
  if (name === 'negative') return features.map((f) => (lexicalOnly ? f.negativeLexical : f.negative));
  return features.map((f) => f[name]);
}

/** Weighted sum of z-scored features; dismissal similarity and typicality are subtracted. */
export function scoreItems(features: ItemFeatures[], weights: FeatureWeights, lexicalOnly: boolean): Scored {
  const z = new Map<FeatureName, number[]>();
  for (const name of FEATURE_NAMES) {
    const skip = !weights[name] || (lexicalOnly && !LEXICAL.has(name));
    z.set(name, skip ? features.map(() => 0) : zScores(column(features, name, lexicalOnly)));
  }
  const contributions = features.map((_, i) => {
    const c = {} as Record<FeatureName, number>;
    for (const name of FEATURE_NAMES) {
      const sign = SUBTRACTED.has(name) ? -1 : 1;
      c[name] = sign * (weights[name] ?? 0) * (z.get(name)?.[i] ?? 0);
    }
    return c;
  });
  const personal = contributions.map((c) => FEATURE_NAMES.reduce((s, n) => s + c[n], 0));
  return { contributions, personal };
}
