/**
 * Maximal-marginal-relevance re-rank of the top of the list, so it is not ten copies of one
 * interest. Only the first `window` slots are filled greedily from the best 2·window items:
 * cost stays O(window²) comparisons even for 5,000-item lists.
 */
import { tokenize } from './tokenize';
import { dot } from './vector';

/** Similarity used for redundancy: cosine of vectors when both exist, else word Jaccard. */
export function makeSimilarity(titles: string[], vectors: Array<Float32Array | null>): (a: number, b: number) => number {
  const words = titles.map((t) => new Set(tokenize(t)));
  return (a, b) => {
    const va = vectors[a];
    const vb = vectors[b];
    if (va && vb) return dot(va, vb);
    const wa = words[a] ?? new Set<string>();
    const wb = words[b] ?? new Set<string>();
    let inter = 0;
    for (const w of wa) if (wb.has(w)) inter++;
    const union = wa.size + wb.size - inter;
    return union > 0 ? inter / union : 0;
  };
}

/**
 * Re-rank `order` (best first, with z-scored `scores`). A candidate's score is lowered by
 * 3·diversity·(its highest similarity to anything already placed).
 */
export function mmr(order: number[], scores: number[], sim: (a: number, b: number) => number, diversity: number, window: number): number[] {
  if (diversity <= 0 || order.length < 3) return order;
  const slots = Math.min(window, order.length);
  const pool = order.slice(0, Math.min(order.length, 2 * slots));
  const maxSim = pool.map(() => -Infinity);
  const picked: number[] = [];
  while (picked.length < slots && pool.length) {
    let best = 0;
    let bestVal = -Infinity;
    pool.forEach((item, k) => {
      const red = picked.length ? Math.max(0, maxSim[k] ?? 0) : 0;
      const val = (scores[item] ?? 0) - 3 * diversity * red;
      if (val > bestVal) [best, bestVal] = [k, val];
    });
    const [chosen] = pool.splice(best, 1);
    maxSim.splice(best, 1);
    if (chosen === undefined) break;
    picked.push(chosen);
    pool.forEach((item, k) => (maxSim[k] = Math.max(maxSim[k] ?? -Infinity, sim(item, chosen))));
  }
  const placed = new Set(picked);
  return [...picked, ...order.filter((i) => !placed.has(i))];
}
