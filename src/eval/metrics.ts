/**
 * Ranking metrics over one ranked list with binary relevance. `ranked` holds relevance labels
 * in the order shown (1 = relevant). Values are in 0–1.
 */

/** NDCG@k with binary gains; 0 when the list has no relevant item. */
export function ndcgAt(ranked: readonly number[], k: number): number {
  let dcg = 0;
  let rel = 0;
  ranked.forEach((r, i) => {
    if (r > 0) {
      rel++;
      if (i < k) dcg += 1 / Math.log2(i + 2);
    }
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(rel, k); i++) ideal += 1 / Math.log2(i + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Reciprocal rank of the first relevant item (MIND's MRR: mean over relevant items' RR / n). */
export function mrr(ranked: readonly number[]): number {
  let sum = 0;
  let rel = 0;
  ranked.forEach((r, i) => {
    if (r > 0) {
      sum += 1 / (i + 1);
      rel++;
    }
  });
  return rel > 0 ? sum / rel : 0;
}

/** ROC AUC: share of (relevant, irrelevant) pairs ordered correctly; 0.5 when undefined. */
export function auc(ranked: readonly number[]): number {
  let pos = 0;
  let correct = 0;
  // Each irrelevant item placed below `pos` relevant items adds `pos` correctly ordered pairs.
  for (const r of ranked) {
    if (r > 0) pos++;
    else correct += pos;
  }
  const neg = ranked.length - pos;
  return pos === 0 || neg === 0 ? 0.5 : correct / (pos * neg);
}

/** Labels in the order given by `order` (indices into `labels`). */
export function rankedLabels(order: readonly number[], labels: readonly number[]): number[] {
  return order.map((i) => labels[i] ?? 0);
}

/** Running means of named metrics. */
export class MeanAccumulator {
  private sums = new Map<string, number>();
  private counts = new Map<string, number>();
  add(name: string, value: number): void {
    this.sums.set(name, (this.sums.get(name) ?? 0) + value);
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  means(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of this.sums) out[k] = s / (this.counts.get(k) ?? 1);
    return out;
  }
}
