/**
 * The full ranker and its ablations: each variant switches one component off (or MMR on),
 * so the table shows what every part contributes. `localrank-v1` is the ranker before the
 * per-history-item signals (pooled BM25 + vector max/soft-max + interests), for reference.
 * Only the variants marked `hard` also run on the owned-removed SASRec lists (time budget).
 * `localrank-own-corpus` takes word rarity from the extension's own corpus (history + list)
 * instead of the catalog, as a first-day user's browser would.
 * The time-decay ablation was dropped: eval histories have synthetic, evenly spaced times,
 * so decay only re-weighted by position, which `localrank-no-sequence` now shows directly.
 */
import { DEFAULT_WEIGHTS } from '../ranking/settings';
import type { Variant } from './localrank';

const W = DEFAULT_WEIGHTS;

export const VARIANTS: Variant[] = [
  { name: 'localrank' },
  { name: 'localrank-no-encoder', noVectors: true, hard: true },
  { name: 'localrank-no-bm25', rank: { weights: { ...W, lexical: 0 } } },
  { name: 'localrank-no-interests', rank: { weights: { ...W, interest: 0 } } },
  { name: 'localrank-no-recent', rank: { weights: { ...W, recentMax: 0, recentSoft: 0 } } },
  { name: 'localrank-no-item-match', rank: { weights: { ...W, pair: 0, sequence: 0 } } },
  { name: 'localrank-no-phrase', rank: { weights: { ...W, phrase: 0 } } },
  { name: 'localrank-no-typicality', rank: { weights: { ...W, typicality: 0 } }, hard: true },
  { name: 'localrank-no-sequence', rank: { weights: { ...W, sequence: 0 }, sequenceHalfLife: 0 } },
  { name: 'localrank-no-seen', rank: { seen: 'neutral' } },
  { name: 'localrank+mmr', rank: { diversity: 0.3 } },
  { name: 'localrank-own-corpus', ownCorpus: true },
  {
    name: 'localrank-v1',
    hard: true,
    rank: { weights: { ...W, lexical: 1, recentSoft: 0.6, pair: 0, sequence: 0, phrase: 0, typicality: 0 }, sequenceHalfLife: 0 },
  },
];
