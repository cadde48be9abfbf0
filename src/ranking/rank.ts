/**
 * Entry points of the ranking core: items + profile + settings in, order + reasons out.
 *
 *   items ──► features (vs. profile) ──► z-scored personal score ──► blend with platform
 *             order (strength × evidence) ──► MMR on the top ──► order + explanations
 *
 * Fallback chain: encoder vectors when the embedder matches the profile, else lexical only,
 * else (no evidence) the platform order. Never throws: any failure returns the platform order.
 */
import { blendScores, effectiveStrength, orderByScore } from './blend';
import { withList } from './bm25';
import type { CorpusStats } from './bm25';
import { mmr, makeSimilarity } from './diversity';
import { explainAll, explainItem } from './explain';
import { computeFeatures } from './features';
import type { FeatureContext, ItemFeatures } from './features';
import { itemKeys } from './keys';
import { evidence } from './profile';
import type { Profile } from './profile';
import { scoreItems, zScores } from './score';
import { resolveRankSettings } from './settings';
import type { RankSettings } from './settings';
import type { Embedder, PageItem, RankMethod, RankResult } from './types';
import { unitOrNull } from './vector';

export interface RankInput {
  /** The list as the platform shows it. */
  items: readonly PageItem[];
  profile: Profile;
  /** Site id of the page, for the same-site weight and seen keys. */
  site?: string;
  /** Current time in ms; defaults to the profile's latest event (keeps the core clock-free). */
  now?: number;
  /** Item vectors from the profile's embedder, indexed like `items`; omit for lexical ranking. */
  vectors?: ReadonlyArray<Float32Array | null | undefined> | null;
  /** Document frequencies to use instead of the profile's own corpus (e.g. a catalog). */
  corpus?: CorpusStats;
  settings?: Partial<RankSettings>;
}

/** The platform order, unchanged. */
export function platformResult(n: number, coldStart: boolean, warnings: string[] = []): RankResult {
  const order = Array.from({ length: n }, (_, i) => i);
  const explanations = order.map((i) => ({ from: i, to: i, reasons: [] }));
  return { order, method: 'platform', coldStart, strength: 0, explanations, comparisons: 0, warnings };
}

/** What one list's features were computed from, and the result. */
interface FeatureMemo {
  titles: string[];
  rawVectors: ReadonlyArray<unknown>;
  profile: Profile;
  corpus: CorpusStats | undefined;
  knobs: string;
  vectors: Array<Float32Array | null>;
  features: ItemFeatures[];
  comparisons: number;
}

/**
 * Features depend on the list, its vectors, the profile, the corpus and four knobs, never on
 * the weights, strength, diversity or seen setting. Ranking the same list again with other
 * weights (the evaluation's ablations; the popup's strength slider) reuses them. Keyed on the
 * caller's items array and checked title by title and vector by vector, so an array edited in
 * place is recomputed; entries go with the array (WeakMap), at most four per list.
 */
const featureMemo = new WeakMap<readonly PageItem[], FeatureMemo[]>();
const MEMO_PER_LIST = 4;

function sameList(m: FeatureMemo, titles: string[], raw: ReadonlyArray<unknown>): boolean {
  return m.titles.length === titles.length && m.rawVectors.length === raw.length && m.titles.every((t, i) => t === titles[i]) && m.rawVectors.every((v, i) => v === raw[i]);
}

function listFeatures(input: RankInput, titles: string[], s: RankSettings, now: number, site: string): FeatureMemo {
  const p = input.profile;
  const raw = input.vectors ?? [];
  const knobs = `${now}|${site}|${s.softTemperature}|${s.queryExponent}|${s.sequenceHalfLife}|${s.lexicalShare}`;
  const kept = featureMemo.get(input.items) ?? [];
  const hit = kept.find((m) => m.profile === p && m.corpus === input.corpus && m.knobs === knobs && sameList(m, titles, raw));
  if (hit) return hit;
  const vectors = titles.map((_, i) => unitOrNull(input.vectors?.[i] ?? null));
  const ctx: FeatureContext = { profile: p, corpus: input.corpus ?? withList(p.corpus, titles), now, site, softTemperature: s.softTemperature, queryExponent: s.queryExponent, sequenceHalfLife: s.sequenceHalfLife, lexicalShare: s.lexicalShare };
  const { features, comparisons } = computeFeatures(ctx, titles, vectors);
  const memo: FeatureMemo = { titles, rawVectors: [...raw], profile: p, corpus: input.corpus, knobs, vectors, features, comparisons };
  if (typeof input.items === 'object' && input.items !== null) featureMemo.set(input.items, [memo, ...kept].slice(0, MEMO_PER_LIST));
  return memo;
}

function seenAdjustment(items: readonly PageItem[], p: Profile, site: string, s: RankSettings): number[] {
  const sign = s.seen === 'demote' ? -1 : s.seen === 'promote' ? 1 : 0;
  return items.map((it) => (sign && itemKeys(site, it).some((k) => Object.hasOwn(p.seen, k)) ? sign * s.seenPenalty : 0));
}

function rankUnsafe(input: RankInput): RankResult {
  const s = resolveRankSettings(input.settings);
  const p = input.profile;
  const items = input.items.map((it) => ({ ...it, title: typeof it?.title === 'string' ? it.title : '' }));
  const now = Number.isFinite(input.now) ? (input.now as number) : p.latest;
  const ev = evidence(p, now);
  if (items.length < 2 || !(ev > 0)) return platformResult(items.length, !(ev > 0));
  const warnings: string[] = [];
  const site = input.site ?? '';
  const { vectors, features, comparisons } = listFeatures(input, items.map((it) => it.title), s, now, site);
  if (input.vectors && vectors.some((v, i) => !v && input.vectors?.[i])) warnings.push('some item vectors were invalid');
  const lexicalOnly = !vectors.some(Boolean) || !p.recent.some((m) => m.vec);
  const scored = scoreItems(features, s.weights, lexicalOnly);
  const seen = seenAdjustment(items, p, site, s);
  // The seen adjustment is in standard deviations of the personal score, so it is applied after z-scoring.
  const personal = zScores(scored.personal).map((x, i) => x + (seen[i] ?? 0));
  const alpha = s.platformPrior ? effectiveStrength(s.strength, ev, s.fullEvidence) : 1;
  const final = blendScores(personal, alpha);
  const sim = makeSimilarity(items.map((it) => it.title), vectors);
  const order = mmr(orderByScore(final), final, sim, s.diversity, s.diversityWindow);
  const reasons = features.map((f, i) => explainItem(scored.contributions[i] ?? ({} as never), f, p, seen[i] ?? 0));
  const method: RankMethod = lexicalOnly ? 'lexical' : 'encoder';
  return { order, method, coldStart: false, strength: alpha, explanations: explainAll(order, reasons), comparisons, warnings };
}

/** Rank synchronously with vectors already at hand (or none: lexical). Never throws. */
export function rankItems(input: RankInput): RankResult {
  const n = Array.isArray(input?.items) ? input.items.length : 0;
  try {
    const r = rankUnsafe(input);
    return isPermutation(r.order, n) ? r : platformResult(n, false, ['internal order was not a permutation']);
  } catch (err) {
    return platformResult(n, false, [`ranking failed: ${String(err)}`]);
  }
}

/**
 * Embed the items with `embedder` when it is the profile's encoder, then rank; an absent,
 * mismatched or failing embedder falls back to lexical ranking and says so in `warnings`.
 */
export async function rankWithEmbedder(input: Omit<RankInput, 'vectors'>, embedder: Embedder | null): Promise<RankResult> {
  const warnings: string[] = [];
  let vectors: Float32Array[] | null = null;
  if (embedder && embedder.id === input.profile?.embedderId) {
    try {
      vectors = await embedder.embed(input.items.map((it) => (typeof it?.title === 'string' ? it.title : '')), 'passage');
    } catch (err) {
      warnings.push(`embedder ${embedder.id} failed: ${String(err)}`);
    }
  } else if (embedder) warnings.push(`profile was built with ${input.profile?.embedderId ?? 'no encoder'}, not ${embedder.id}`);
  const r = rankItems({ ...input, vectors });
  return { ...r, warnings: [...warnings, ...r.warnings] };
}

/** True when `order` holds each of 0..n−1 exactly once. */
export function isPermutation(order: number[], n: number): boolean {
  if (order.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const i of order) {
    if (!Number.isInteger(i) || i < 0 || i >= n || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}
