/**
 * Mean of the token vectors under the attention mask, then L2-normalised, per batch row.
 * `hidden` is row-major [batch, seq, dims]; `mask` is [batch, seq] of 0/1.
 * A row with no unmasked token (cannot happen with [CLS]/[SEP]) gives a zero vector.
 */
export function meanPoolNormalize(
  hidden: ArrayLike<number>,
  dims: readonly number[],
  mask: ArrayLike<number | bigint>,
): Float32Array[] {
  const [batch = 0, seq = 0, width = 0] = dims;
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const vector = new Float32Array(width);
    let count = 0;
    for (let s = 0; s < seq; s++) {
      if (Number(mask[b * seq + s]) === 0) continue;
      count++;
      const base = (b * seq + s) * width;
      for (let d = 0; d < width; d++) vector[d]! += hidden[base + d]!;
    }
    let norm = 0;
    for (let d = 0; d < width; d++) {
      vector[d]! /= count || 1;
      norm += vector[d]! * vector[d]!;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < width; d++) vector[d]! /= norm;
    out.push(vector);
  }
  return out;
}
