/**
 * ONNX runs of similar-length texts. A run pads every text to its longest one, and the model
 * computes padding like real tokens, so one long title in a batch of short ones multiplies the
 * work. Sorting by length and cutting the sorted list where it pays keeps padding small; each
 * extra run costs a fixed overhead (dispatch, small-matrix inefficiency), counted in tokens.
 */

/** A run's fixed cost in token-equivalents (measured: ~3 ms per run ≈ 6–16 tokens of compute). */
export const RUN_OVERHEAD_TOKENS = 16;

/**
 * Index groups, each at most `maxBatch` texts, that minimise padded tokens + `overhead` per run:
 * an exact split of the length-sorted order (dynamic programming, O(n·maxBatch)). Groups come
 * shortest first; indices within a group ascend by length.
 */
export function planRuns(lengths: readonly number[], maxBatch: number, overhead = RUN_OVERHEAD_TOKENS): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const n = order.length;
  const cost = new Float64Array(n + 1);
  const cut = new Int32Array(n + 1);
  for (let j = 1; j <= n; j++) {
    const longest = lengths[order[j - 1]!]!;
    cost[j] = Infinity;
    for (let k = Math.max(0, j - maxBatch); k < j; k++) {
      const c = cost[k]! + overhead + (j - k) * longest;
      if (c < cost[j]!) {
        cost[j] = c;
        cut[j] = k;
      }
    }
  }
  const runs: number[][] = [];
  for (let j = n; j > 0; j = cut[j]!) runs.push(order.slice(cut[j]!, j));
  return runs.reverse();
}
