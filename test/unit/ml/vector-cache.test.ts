import { describe, expect, it } from 'vitest';
import { openLocalRankDB } from '../../../src/history/db';
import { VectorCache } from '../../../src/ml/vector-cache';

const HOUR = 3_600_000;
let n = 0;

function cache(cap: number) {
  const db = openLocalRankDB(`vc-${++n}`);
  let now = 0;
  const c = new VectorCache(() => db, cap, () => now);
  const used = async () => Object.fromEntries((await (await db).getAll('vectors')).map((v) => [v.vector[0], v.used]));
  return { c, used, at: (t: number) => (now = t) };
}

const vec = (x: number) => new Float32Array([x, 1]);

describe('VectorCache', () => {
  it('reads without writing, refreshing the LRU time only of entries older than an hour', async () => {
    const { c, used, at } = cache(10);
    await c.put('m', 'passage', ['a', 'b'], [vec(1), vec(2)]);
    at(10 * 60_000);
    expect((await c.get('m', 'passage', ['a', 'x'])).map((v) => v?.[0])).toEqual([1, undefined]);
    expect(await used()).toEqual({ 1: 0, 2: 0 }); // fresh: no write
    at(2 * HOUR);
    await c.get('m', 'passage', ['a']);
    expect(await used()).toEqual({ 1: 2 * HOUR, 2: 0 });
    expect({ hits: c.hits, misses: c.misses }).toEqual({ hits: 2, misses: 1 });
  });

  it('evicts the least recently used past the cap, also after many puts between counts', async () => {
    const { c, at } = cache(3);
    await c.put('m', 'passage', ['a', 'b'], [vec(1), vec(2)]);
    at(2 * HOUR);
    await c.get('m', 'passage', ['a']); // a is now recent, b is not
    at(2 * HOUR + 1);
    await c.put('m', 'passage', ['c', 'd'], [vec(3), vec(4)]);
    expect(await c.size()).toBe(3);
    expect((await c.get('m', 'passage', ['a', 'b'])).map((v) => v?.[0])).toEqual([1, undefined]);
    for (let i = 0; i < 5; i++) await c.put('m', 'passage', [`e${i}`], [vec(10 + i)]);
    expect(await c.size()).toBe(3);
    await c.clear();
    expect(await c.size()).toBe(0);
  });
});
