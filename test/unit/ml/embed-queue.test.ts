import { describe, expect, it } from 'vitest';
import { EmbedQueue } from '../../../src/ml/embed-queue';

/** A model whose runs wait until released, recording what each run got. */
function heldModel() {
  const runs: string[][] = [];
  const releases: (() => void)[] = [];
  const run = (texts: string[]) => {
    runs.push(texts);
    return new Promise<Float32Array[]>((resolve) => releases.push(() => resolve(texts.map((t) => new Float32Array([t.length])))));
  };
  const releaseNext = async () => {
    for (let i = 0; i < 20 && !releases.length; i++) await new Promise((r) => setTimeout(r, 0));
    releases.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { run, runs, releaseNext };
}

describe('EmbedQueue', () => {
  it('runs a text asked by two requests once, and answers both in their own order', async () => {
    const m = heldModel();
    const q = new EmbedQueue(m.run, 8);
    const a = q.request(['aa', 'b']);
    const b = q.request(['b', 'ccc', 'aa']);
    await m.releaseNext();
    await m.releaseNext();
    expect((await a).map((v) => v[0])).toEqual([2, 1]);
    expect((await b).map((v) => v[0])).toEqual([1, 3, 2]);
    expect(m.runs.flat().sort()).toEqual(['aa', 'b', 'ccc']);
  });

  it('takes the most urgent texts first once the running chunk is done', async () => {
    const m = heldModel();
    const q = new EmbedQueue(m.run, 2);
    const tail = q.request(['t1', 't2', 't3', 't4'], { priority: 1 }); // t1, t2 start at once
    const seen = q.request(['v1', 'v2'], { priority: 0 });
    for (let i = 0; i < 3; i++) await m.releaseNext();
    await Promise.all([tail, seen]);
    expect(m.runs).toEqual([['t1', 't2'], ['v1', 'v2'], ['t3', 't4']]);
  });

  it('drops the texts of a cancelled request before they run, keeps those someone else still wants', async () => {
    const m = heldModel();
    const q = new EmbedQueue(m.run, 2);
    const first = q.request(['x1', 'x2']);
    const gone = new AbortController();
    const cancelled = q.request(['c1', 'c2', 'shared'], { signal: gone.signal });
    const other = q.request(['shared']);
    gone.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    await m.releaseNext();
    await m.releaseNext();
    await Promise.all([first, other]);
    expect(m.runs).toEqual([['x1', 'x2'], ['shared']]);
    expect(q.size).toBe(0);
  });

  it('lets a running chunk finish when its request is cancelled (the vectors are kept)', async () => {
    const m = heldModel();
    const q = new EmbedQueue(m.run, 4);
    const gone = new AbortController();
    const r = q.request(['a', 'b'], { signal: gone.signal });
    await new Promise((res) => setTimeout(res, 0));
    gone.abort();
    await expect(r).rejects.toMatchObject({ name: 'AbortError' });
    expect(m.runs).toEqual([['a', 'b']]);
    const again = q.request(['a']); // still running: joins it instead of a second run
    await m.releaseNext();
    expect((await again)[0]?.[0]).toBe(1);
    expect(m.runs).toHaveLength(1);
  });

  it('rejects an already-cancelled request at once, and passes a model failure to every waiter', async () => {
    const q = new EmbedQueue(async () => { throw new Error('bad graph'); });
    const c = new AbortController();
    c.abort();
    await expect(q.request(['a'], { signal: c.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(Promise.all([q.request(['a']), q.request(['a', 'b'])])).rejects.toThrow(/bad graph/);
    expect(q.size).toBe(0);
  });
});
