/**
 * The user profile: a bounded summary of history that is updated event by event, so ranking
 * never scans history. Weights decay with a half-life; to avoid touching every weight on every
 * event they are stored relative to `epoch` (an event at time t is stored as w·2^((t−epoch)/h))
 * and rebased only when they grow large.
 */
import { emptyCorpus } from './bm25';
import type { CorpusStats } from './bm25';
import { DEFAULT_PROFILE_SETTINGS } from './settings';
import type { ProfileSettings } from './settings';

/** A remembered history item (recent positive or dismissed). */
export interface MemoryItem {
  /** Unit vector, or null when the encoder was unavailable or returned garbage. */
  vec: Float32Array | null;
  title: string;
  key: string;
  site: string;
  /** Epoch-scaled weight. */
  weight: number;
  time: number;
}

/** One interest: a weighted sum of unit vectors from the events assigned to it. */
export interface Interest {
  sum: Float32Array;
  /** Epoch-scaled weight. */
  weight: number;
  /** Title of the heaviest (most recent, strongest) event assigned; shown in explanations. */
  label: string;
  labelWeight: number;
  count: number;
}

/** A steering term typed by the user: "more X" (sign 1) or "less X" (sign −1). */
export interface Anchor {
  text: string;
  sign: 1 | -1;
  vec: Float32Array | null;
}

export interface Profile {
  version: 1;
  embedderId: string | null;
  dims: number;
  settings: ProfileSettings;
  epoch: number;
  latest: number;
  events: number;
  /** Epoch-scaled positive evidence mass. */
  positive: number;
  interests: Interest[];
  recent: MemoryItem[];
  negatives: MemoryItem[];
  /** Epoch-scaled term mass of positive titles and queries (BM25 query). */
  terms: Record<string, number>;
  /** Epoch-scaled term mass of dismissed titles. */
  negTerms: Record<string, number>;
  /** Item key → time last seen, for the already-seen adjustment. */
  seen: Record<string, number>;
  anchors: Anchor[];
  corpus: CorpusStats;
  /** Key counts of `terms`, `negTerms` and `seen`, kept so pruning checks are O(1). */
  sizes: { terms: number; negTerms: number; seen: number };
}

/** An empty profile for the given vector space (`null` embedder: lexical only). */
export function createProfile(
  embedder: { id: string; dims: number } | null = null,
  settings: Partial<ProfileSettings> = {},
): Profile {
  return {
    version: 1,
    embedderId: embedder?.id ?? null,
    dims: embedder?.dims ?? 0,
    settings: { ...DEFAULT_PROFILE_SETTINGS, ...settings },
    epoch: Number.NaN,
    latest: Number.NaN,
    events: 0,
    positive: 0,
    interests: [],
    recent: [],
    negatives: [],
    terms: {},
    negTerms: {},
    seen: {},
    anchors: [],
    corpus: emptyCorpus(),
    sizes: { terms: 0, negTerms: 0, seen: 0 },
  };
}

/** Factor that turns an epoch-scaled weight into its true value at time `now`. */
export function decayAt(profile: Profile, now: number): number {
  if (!Number.isFinite(profile.epoch)) return 1;
  const f = Math.pow(2, -(now - profile.epoch) / profile.settings.halfLifeMs);
  return Number.isFinite(f) ? f : 0;
}

/** True decayed positive evidence at `now` (defaults to the latest event). */
export function evidence(profile: Profile, now = profile.latest): number {
  return profile.positive * decayAt(profile, Number.isFinite(now) ? now : profile.epoch);
}
