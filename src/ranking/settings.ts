/** Knobs of the ranker. Defaults are the product defaults; the evaluation overrides a few. */

/** Weights of the per-item features in the personal score (features are z-scored per list). */
export interface FeatureWeights {
  /** Similarity to the nearest interest centroid. */
  interest: number;
  /** Maximum similarity to one recent history item. */
  recentMax: number;
  /** Soft-max (log-sum-exp) similarity over recent history items. */
  recentSoft: number;
  /** BM25 of the item title against the decayed history terms. */
  lexical: number;
  /** Similarity to dismissed items (subtracted). */
  negative: number;
  /** Steering anchors typed by the user ("more …" / "less …"). */
  anchor: number;
  /** Per-history-item fused similarity (encoder + title words), mean of the best 3 items. */
  pair: number;
  /** Fused similarity to the latest history item. */
  sequence: number;
  /** Rare word pairs (series, franchise, model names) shared with recent history items. */
  phrase: number;
  /** Similarity to the rest of the list (subtracted: a hub is close to every history). */
  typicality: number;
}

export interface RankSettings {
  /** Popup strength, 0 = keep the platform order, 1 = follow the profile once evidence is full. */
  strength: number;
  /** Decayed positive event weight at which evidence counts as full. */
  fullEvidence: number;
  /** Whether the list's order carries the platform's signal (false for shuffled eval lists). */
  platformPrior: boolean;
  /** 0 = no diversity re-rank; 1 = strong MMR penalty for near duplicates at the top. */
  diversity: number;
  /** How many top slots MMR fills; bounded so 5,000-item lists stay cheap. */
  diversityWindow: number;
  /** Items the user already viewed or clicked: pushed down, up, or left alone. */
  seen: 'demote' | 'promote' | 'neutral';
  /** Size of the seen adjustment, in standard deviations of the personal score. */
  seenPenalty: number;
  weights: FeatureWeights;
  /** Temperature of the soft-max over recent items; higher approaches the max. */
  softTemperature: number;
  /** Exponent on history term mass in the BM25 query (1 = linear, 0 = every term equal). */
  queryExponent: number;
  /** Halving distance in history items of the sequence weight on recent items (0 = off). */
  sequenceHalfLife: number;
  /** Weight of title-word (TF-IDF) cosine beside the encoder cosine in per-item matching. */
  lexicalShare: number;
}

export interface ProfileSettings {
  /** Recency decay half-life in milliseconds. */
  halfLifeMs: number;
  /** Maximum number of interest centroids. */
  maxInterests: number;
  /** Cosine above which an event joins an existing interest instead of opening a new one. */
  joinThreshold: number;
  /** Recent positive items kept for max / soft-max similarity. */
  recentSize: number;
  /** Dismissed items kept for negative similarity. */
  negativeSize: number;
  /** Distinct history terms kept for BM25 (lightest pruned). */
  maxTerms: number;
  /** Item keys remembered as already seen. */
  maxSeen: number;
}

const DAY = 86_400_000;

export const DEFAULT_PROFILE_SETTINGS: ProfileSettings = {
  // Tuned on the valid split (src/eval/tune.ts): 100 days beat 10 and 30.
  halfLifeMs: 100 * DAY,
  maxInterests: 8,
  joinThreshold: 0.5,
  recentSize: 50,
  negativeSize: 30,
  maxTerms: 2000,
  maxSeen: 5000,
};

/**
 * Chosen by coordinate ascent on the valid split (`npm run eval -- --split valid --tune`):
 * one pass over the per-item signals from the earlier defaults, objective 0.4956 → 0.5025.
 */
export const DEFAULT_WEIGHTS: FeatureWeights = {
  interest: 0.3,
  recentMax: 0.3,
  recentSoft: 0.3,
  lexical: 0.5,
  negative: 0.7,
  anchor: 1,
  pair: 0.3,
  sequence: 0.3,
  phrase: 0.3,
  typicality: 0.6,
};

export const DEFAULT_RANK_SETTINGS: RankSettings = {
  strength: 0.7,
  fullEvidence: 8,
  platformPrior: true,
  diversity: 0.3,
  diversityWindow: 30,
  seen: 'demote',
  seenPenalty: 3,
  weights: DEFAULT_WEIGHTS,
  softTemperature: 20,
  queryExponent: 0.5,
  sequenceHalfLife: 7,
  lexicalShare: 1,
};

/** Fill in defaults and clamp user-controlled numbers so a corrupt setting cannot break ranking. */
export function resolveRankSettings(partial: Partial<RankSettings> = {}): RankSettings {
  const s = { ...DEFAULT_RANK_SETTINGS, ...partial, weights: { ...DEFAULT_WEIGHTS, ...partial.weights } };
  return { ...s, strength: clamp01(s.strength), diversity: clamp01(s.diversity) };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
