/**
 * Per-item features against the profile. Cost is items × (interests + recent + negatives +
 * anchors) vector comparisons plus one BM25 pass per title: bounded by the profile's caps,
 * never by the length of history.
 */
import { bm25 } from './bm25';
import type { CorpusStats } from './bm25';
import { matchHistory, prepareMemory, typicality } from './history-match';
import type { Profile } from './profile';
import { recentWeights, termQuery, unitInterests } from './profile-view';
import { dot } from './vector';
import { tokenize } from './tokenize';

/** Raw (not yet z-scored) features of one item; null when the input needed is missing. */
export interface ItemFeatures {
  interest: number | null;
  recentMax: number | null;
  recentSoft: number | null;
  lexical: number;
  negative: number | null;
  negativeLexical: number;
  anchor: number | null;
  /** Best per-history-item fused (encoder + words) similarity, top-3 mean; see history-match.ts. */
  pair: number | null;
  /** Fused similarity to the latest history item. */
  sequence: number | null;
  /** Rarity of word pairs shared with history items, weighted toward recent ones. */
  phrase: number;
  /** Mean similarity to the other list items (subtracted: hubs match everyone). */
  typicality: number | null;
  /** Index into profile.recent of the best per-item fused match, for reasons. */
  bestPair: number;
  /** Indices into profile.recent / interests / negatives of the strongest match, for reasons. */
  bestRecent: number;
  bestInterest: number;
  bestNegative: number;
  terms: string[];
  /** Words the title shares with dismissed items (the lexical negative's reason, when no vectors). */
  negTerms: string[];
}

export interface FeatureContext {
  profile: Profile;
  corpus: CorpusStats;
  now: number;
  site: string;
  softTemperature: number;
  queryExponent: number;
  /** Halving distance, in history items, of the sequence weight (latest item = 1). */
  sequenceHalfLife: number;
  /** Weight of the TF-IDF title cosine next to the encoder cosine in per-item matching. */
  lexicalShare: number;
}

/** Cosines of `v` with each memory vector (NaN where a memory item has no vector). */
export function cosines(v: Float32Array, vecs: ReadonlyArray<Float32Array | null>): number[] {
  return vecs.map((m) => (m ? dot(v, m) : Number.NaN));
}

/**
 * Max and soft-max (log-mean-exp) similarity over weighted memory; -1 index when empty.
 * `sims` passes cosines already computed (the per-item match reuses the same ones).
 */
export function memorySims(v: Float32Array, vecs: Array<Float32Array | null>, w: number[], temp: number, sims = cosines(v, vecs)): [number, number, number] {
  let max = -Infinity;
  let arg = -1;
  sims.forEach((s, j) => {
    if (s > max) [max, arg] = [s, j];
  });
  if (arg < 0) return [Number.NaN, Number.NaN, -1];
  let num = 0;
  let den = 0;
  sims.forEach((s, j) => {
    if (Number.isNaN(s)) return;
    num += (w[j] ?? 0) * Math.exp(temp * (s - max));
    den += w[j] ?? 0;
  });
  return [max, den > 0 ? max + Math.log(num / den) / temp : max, arg];
}

/** Compute features for every item; `vectors[i]` is a unit vector or null. Counts comparisons. */
export function computeFeatures(
  ctx: FeatureContext,
  titles: string[],
  vectors: Array<Float32Array | null>,
): { features: ItemFeatures[]; comparisons: number } {
  const p = ctx.profile;
  const centroids = unitInterests(p);
  const recentVecs = p.recent.map((m) => m.vec);
  const memory = prepareMemory(p.recent, ctx.corpus, ctx.sequenceHalfLife);
  // Time decay says how much an item still counts; the sequence weight says how close it is
  // to what the user is doing now (next-item choices follow the last few items).
  const rw = recentWeights(p, ctx.now, ctx.site).map((w, j) => w * (memory.items[j]?.seq ?? 1));
  const typical = typicality(vectors);
  const negVecs = p.negatives.map((m) => m.vec);
  const query = termQuery(p.terms, ctx.queryExponent);
  const negQuery = termQuery(p.negTerms, ctx.queryExponent);
  let comparisons = 0;
  const features = titles.map((title, i): ItemFeatures => {
    const v = vectors[i] ?? null;
    const lex = bm25(query, title, ctx.corpus);
    const neg = bm25(negQuery, title, ctx.corpus);
    // Encoder cosines with the recent items, computed once for the per-item match and max/soft-max.
    const recentCos = v ? cosines(v, recentVecs) : null;
    const match = matchHistory(title, recentCos, memory, ctx.corpus, ctx.lexicalShare);
    const hasMemory = memory.items.length > 0;
    const f: ItemFeatures = {
      interest: null, recentMax: null, recentSoft: null, negative: null, anchor: null,
      lexical: lex.score, negativeLexical: neg.score, negTerms: neg.terms.slice(0, 3).map((t) => t[0]),
      pair: hasMemory ? match.pair : null, sequence: hasMemory ? match.sequence : null, phrase: match.phrase,
      typicality: typical[i] ?? null, bestPair: match.best,
      bestRecent: -1, bestInterest: -1, bestNegative: -1, terms: lex.terms.slice(0, 3).map((t) => t[0]),
    };
    f.anchor = lexicalAnchor(p.anchors, title);
    if (!v) return f;
    // One more for the typicality dot product against the list's vector sum.
    comparisons += centroids.length + recentVecs.length + negVecs.length + p.anchors.length + 1;
    const [imax, , iarg] = memorySims(v, centroids, centroids.map(() => 1), 1);
    const [rmax, rsoft, rarg] = memorySims(v, recentVecs, rw, ctx.softTemperature, recentCos ?? undefined);
    const [nmax, , narg] = memorySims(v, negVecs, negVecs.map(() => 1), 1);
    if (iarg >= 0) [f.interest, f.bestInterest] = [imax, iarg];
    if (rarg >= 0) [f.recentMax, f.recentSoft, f.bestRecent] = [rmax, rsoft, rarg];
    f.negative = narg >= 0 ? nmax : 0;
    f.bestNegative = narg;
    if (p.anchors.length) f.anchor = (f.anchor ?? 0) + p.anchors.reduce((s, a) => s + (a.vec ? a.sign * dot(v, a.vec) : 0), 0);
    return f;
  });
  return { features, comparisons };
}

/** Signed share of each anchor's words found in the title; null when there are no anchors. */
export function lexicalAnchor(anchors: Profile['anchors'], title: string): number | null {
  if (anchors.length === 0) return null;
  const words = new Set(tokenize(title));
  let s = 0;
  for (const a of anchors) {
    const t = tokenize(a.text);
    if (t.length) s += (a.sign * t.filter((w) => words.has(w)).length) / t.length;
  }
  return s;
}
