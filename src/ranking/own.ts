/**
 * Safe reads of string-keyed records: titles can contain words like "constructor" or
 * "__proto__", which plain `map[key]` / `key in map` would resolve on Object.prototype.
 */

/** The record's own numeric value for `key`, or undefined. */
export function ownNumber(map: Record<string, number>, key: string): number | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Add `delta` to the record's own value for `key` (defining it when absent). */
export function addOwn(map: Record<string, number>, key: string, delta: number): void {
  setOwn(map, key, (ownNumber(map, key) ?? 0) + delta);
}

/** Define the record's own value for `key` (never the prototype's setter, even for "__proto__"). */
export function setOwn(map: Record<string, number>, key: string, value: number): void {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}
