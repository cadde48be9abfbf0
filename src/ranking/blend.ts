/**
 * Blending the personal score with the platform's own order. The platform's rank carries
 * signals the user cannot see (popularity, stock, freshness), so with little evidence the list
 * stays close to it and moves further as the profile grows.
 */
import { zScores } from './score';

/** Share of the personal score: the user's strength setting scaled by how much evidence exists. */
export function effectiveStrength(strength: number, evidence: number, fullEvidence: number): number {
  const s = Number.isFinite(strength) ? Math.min(1, Math.max(0, strength)) : 0;
  const e = fullEvidence > 0 ? Math.min(1, Math.max(0, evidence) / fullEvidence) : 1;
  return Number.isFinite(e) ? s * e : 0;
}

/**
 * Final scores: (1−α)·prior + α·personal, both z-scored; the prior falls with log rank as
 * click-through does. α = 0 reproduces the platform order exactly, α = 1 follows the scores.
 */
export function blendScores(personal: number[], alpha: number): number[] {
  const pz = zScores(personal);
  if (alpha >= 1) return pz;
  const prior = zScores(personal.map((_, i) => -Math.log2(i + 2)));
  return pz.map((p, i) => alpha * p + (1 - alpha) * (prior[i] ?? 0));
}

/** Indices sorted by score descending; ties keep the platform order, so the sort is stable. */
export function orderByScore(scores: number[]): number[] {
  return scores
    .map((s, i) => [Number.isFinite(s) ? s : -Infinity, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .map(([, i]) => i);
}
