/**
 * Small dense-vector helpers. Hot loops use non-null assertions on typed-array reads: the
 * bounds are checked by the loop condition, and `?? 0` there would cost measurable time.
 */

/** Dot product over the shorter length, so a dims mismatch degrades instead of throwing. */
export function dot(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

/** Cosine similarity; 0 when either side is zero or broken. */
export function cosine(a: Float32Array, b: Float32Array): number {
  const d = norm(a) * norm(b);
  const c = d > 0 ? dot(a, b) / d : 0;
  return Number.isFinite(c) ? c : 0;
}

/** A unit-length copy, or null when the vector is empty, zero or holds NaN/Infinity. */
export function unitOrNull(v: Float32Array | null | undefined): Float32Array | null {
  if (!v || v.length === 0) return null;
  const n = norm(v);
  if (!Number.isFinite(n) || n === 0) return null;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / n;
  return out;
}

/** target += scale * v, in place. */
export function addScaled(target: Float32Array, v: Float32Array, scale: number): void {
  const n = Math.min(target.length, v.length);
  for (let i = 0; i < n; i++) target[i]! += scale * v[i]!;
}

/** Multiply in place. */
export function scaleInPlace(target: Float32Array, scale: number): void {
  for (let i = 0; i < target.length; i++) target[i]! *= scale;
}
