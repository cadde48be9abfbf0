/** Bounded stores inside the profile: recent-item rings, decayed term maps, the seen set. */
import { addOwn, ownNumber, setOwn } from './own';
import type { MemoryItem } from './profile';

/** Insert by time, merging a repeat of the same key, keeping at most `cap` newest items. */
export function remember(list: MemoryItem[], item: MemoryItem, cap: number): void {
  const at = list.findIndex((m) => m.key === item.key && item.key !== '');
  if (at >= 0) {
    const old = list[at];
    list.splice(at, 1);
    if (old) item = { ...item, weight: item.weight + old.weight, time: Math.max(old.time, item.time) };
  }
  let i = list.length;
  while (i > 0 && (list[i - 1]?.time ?? 0) > item.time) i--;
  list.splice(i, 0, item);
  if (list.length > cap) list.splice(0, list.length - cap);
}

/**
 * Add term mass; prune the lightest terms once the map is 25% over its cap. `size` is the
 * caller's running key count (listing the keys on every event would cost O(cap) each time);
 * the new count is returned.
 */
export function addTerms(map: Record<string, number>, terms: Iterable<string>, weight: number, cap: number, size: number): number {
  for (const t of terms) {
    if (!Object.hasOwn(map, t)) size++;
    addOwn(map, t, weight);
  }
  if (size <= cap * 1.25) return size;
  const keys = Object.keys(map);
  keys.sort((a, b) => (map[b] ?? 0) - (map[a] ?? 0) || (a < b ? -1 : 1));
  for (const k of keys.slice(cap)) delete map[k];
  return Math.min(cap, keys.length);
}

/** Record keys as seen at `time`; forget the oldest once 25% over the cap. Returns the new key count. */
export function markSeen(seen: Record<string, number>, keys: string[], time: number, cap: number, size: number): number {
  for (const k of keys) {
    if (!k) continue;
    if (!Object.hasOwn(seen, k)) size++;
    setOwn(seen, k, Math.max(ownNumber(seen, k) ?? -Infinity, time));
  }
  if (size <= cap * 1.25) return size;
  const all = Object.keys(seen);
  all.sort((a, b) => (seen[b] ?? 0) - (seen[a] ?? 0) || (a < b ? -1 : 1));
  for (const k of all.slice(cap)) delete seen[k];
  return Math.min(cap, all.length);
}

/** Multiply every value of a record in place (rebasing the epoch). */
export function scaleRecord(map: Record<string, number>, f: number): void {
  for (const k of Object.keys(map)) setOwn(map, k, (ownNumber(map, k) ?? 0) * f);
}
