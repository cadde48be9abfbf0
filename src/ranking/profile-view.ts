/** Read-only views of a profile computed once per ranking request. */
import type { Profile } from './profile';
import { unitOrNull } from './vector';

// Events in the current session (this long before `now`) stand for the current intent.
const SESSION_MS = 30 * 60_000;

/** Unit centroids of interests holding at least 2% of the interest mass (tiny ones are noise). */
export function unitInterests(p: Profile): Array<Float32Array | null> {
  const total = p.interests.reduce((s, it) => s + it.weight, 0);
  return p.interests.map((it) => (it.weight >= 0.02 * total ? unitOrNull(it.sum) : null));
}

/** Soft-max weights of recent items: decayed, doubled within the session, ×1.5 on the same site. */
export function recentWeights(p: Profile, now: number, site: string): number[] {
  return p.recent.map((m) => {
    const session = now - m.time <= SESSION_MS && now >= m.time ? 2 : 1;
    return m.weight * session * (site && m.site === site ? 1.5 : 1);
  });
}

/** BM25 query from epoch-scaled term mass; the exponent (<1) keeps one repeated word from dominating. */
export function termQuery(terms: Record<string, number>, exponent: number): Map<string, number> {
  let max = 0;
  for (const w of Object.values(terms)) max = Math.max(max, w);
  const q = new Map<string, number>();
  if (max <= 0) return q;
  for (const [t, w] of Object.entries(terms)) if (w > 0) q.set(t, Math.pow(w / max, exponent));
  return q;
}
