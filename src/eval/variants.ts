/**
 * The full ranker and its ablations: each variant switches one component off (or MMR on),
 * so the table shows what every part contributes.
 */
import { DEFAULT_WEIGHTS } from '../ranking/settings';
import type { Variant } from './localrank';

const YEARS = 1000 * 365 * 86_400_000;

export const VARIANTS: Variant[] = [
  { name: 'localrank' },
  { name: 'localrank-no-encoder', noVectors: true },
  { name: 'localrank-no-bm25', rank: { weights: { ...DEFAULT_WEIGHTS, lexical: 0 } } },
  { name: 'localrank-no-interests', rank: { weights: { ...DEFAULT_WEIGHTS, interest: 0 } } },
  { name: 'localrank-no-recent', rank: { weights: { ...DEFAULT_WEIGHTS, recentMax: 0, recentSoft: 0 } } },
  { name: 'localrank-no-decay', profile: { halfLifeMs: YEARS } },
  { name: 'localrank-no-seen', rank: { seen: 'neutral' } },
  { name: 'localrank+mmr', rank: { diversity: 0.3 } },
];
