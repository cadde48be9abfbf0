/**
 * Online clustering of positive events into a few interest centroids, so a user who likes
 * both cooking and trail running is served both instead of the blurred mean of the two.
 */
import type { Interest } from './profile';
import { addScaled, cosine } from './vector';

/** Index of the centroid most similar to `v`, with its cosine (−1 when there is none). */
export function nearestInterest(interests: Interest[], v: Float32Array): [number, number] {
  let best = -1;
  let bestSim = -1;
  interests.forEach((it, i) => {
    const s = cosine(it.sum, v);
    if (s > bestSim) [best, bestSim] = [i, s];
  });
  return [best, bestSim];
}

/**
 * Assign a unit vector with epoch-scaled weight `w`. Joins the nearest interest when close
 * enough or when all slots are taken, except that a slot whose weight has decayed below 5%
 * of the total is recycled: old tastes fade out instead of pulling new ones off course.
 */
export function assignInterest(
  interests: Interest[],
  v: Float32Array,
  w: number,
  title: string,
  opts: { maxInterests: number; joinThreshold: number },
): void {
  const [best, sim] = nearestInterest(interests, v);
  const target = best >= 0 && sim >= opts.joinThreshold ? interests[best] : undefined;
  if (target) return join(target, v, w, title);
  const fresh = (): Interest => ({ sum: new Float32Array(v.length), weight: 0, label: '', labelWeight: -1, count: 0 });
  if (interests.length < opts.maxInterests) {
    const it = fresh();
    interests.push(it);
    return join(it, v, w, title);
  }
  const total = interests.reduce((s, it) => s + it.weight, 0);
  let light = 0;
  interests.forEach((it, i) => {
    if (it.weight < (interests[light]?.weight ?? Infinity)) light = i;
  });
  if ((interests[light]?.weight ?? 0) < 0.05 * total) {
    interests[light] = fresh();
    return join(interests[light] as Interest, v, w, title);
  }
  const nearest = interests[best];
  if (nearest) join(nearest, v, w, title);
}

function join(it: Interest, v: Float32Array, w: number, title: string): void {
  addScaled(it.sum, v, w);
  it.weight += w;
  it.count += 1;
  if (w >= it.labelWeight && title) {
    it.label = title;
    it.labelWeight = w;
  }
}
