import { describe, expect, it } from 'vitest';
import { openLocalRankDB } from '../../../src/history/db';
import type { HostConnection } from '../../../src/ml/host-connection';
import { ModelService } from '../../../src/ml/model-service';
import { VectorCache } from '../../../src/ml/vector-cache';

const MODEL = 'localrank-test/tiny-minilm';
let n = 0;
function service(host: Partial<HostConnection>, present = true) {
  const db = openLocalRankDB(`ms-${++n}`);
  const cache = new VectorCache(() => db, 3);
  return new ModelService(() => host as HostConnection, cache, async () => MODEL, async () => 'wasm', async () => present);
}

describe('ModelService', () => {
  it('says why when no model is installed (the lexical ranker runs)', async () => {
    const s = service({}, false);
    expect(await s.embed(['a'])).toEqual({ ok: false, reason: expect.stringMatching(/lexical ranker/) });
    expect(await s.status(false)).toMatchObject({ model: null, state: 'none' });
  });

  it('reports a model that fails to load, and never throws at its callers', async () => {
    const s = service({ embed: async () => { throw new Error('model localrank-test/tiny-minilm failed to load: bad graph'); } });
    const r = await s.embed(['a']);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/could not run: .*bad graph.*lexical ranker/) });
    expect(await s.status(false)).toMatchObject({ model: MODEL, state: 'failed', reason: expect.stringMatching(/bad graph/) });
  });

  it('serves repeats from the cache, counts hits, and evicts past the cap (LRU)', async () => {
    let computed = 0;
    const s = service({ embed: async (_m, texts) => texts.map((t) => ((computed += 1), new Float32Array([t.length, 1]))) });
    expect(await s.embed(['a', 'bb'])).toMatchObject({ ok: true, cached: 0, computed: 2 });
    expect(await s.embed(['a', 'bb'])).toMatchObject({ ok: true, cached: 2, computed: 0 });
    await s.embed(['c', 'dd', 'eee']); // cap of 3 entries: the oldest go
    const st = await s.status(false);
    expect(st.cache).toMatchObject({ hits: 2, entries: 3 });
    expect(computed).toBe(5);
  });
});

describe('ModelService: which model is installed', () => {
  it('looks for a missing model once, and again only after a download or delete is announced', async () => {
    const asked: string[] = [];
    let present = false;
    const db = openLocalRankDB(`ms-${++n}`);
    const s = new ModelService(() => ({}) as HostConnection, new VectorCache(() => db), async () => MODEL, async () => 'wasm', async (id) => (asked.push(id), present));
    expect(await s.activeModel()).toBeUndefined();
    expect(await s.activeModel()).toBeUndefined();
    expect(await s.cachedOnly(['a'])).toBeNull();
    expect(asked).toEqual([MODEL]);
    present = true; // downloaded meanwhile, not announced yet: still the remembered answer
    expect(await s.activeModel()).toBeUndefined();
    s.modelsChanged();
    expect((await s.activeModel())?.id).toBe(MODEL);
    expect((await s.activeModel())?.id).toBe(MODEL);
    expect(asked).toEqual([MODEL, MODEL]);
    present = false; // deleted and announced
    s.modelsChanged();
    expect(await s.activeModel()).toBeUndefined();
    expect(asked).toEqual([MODEL, MODEL, MODEL]);
  });
});

describe('ModelService: an announcement during a presence check', () => {
  it('does not keep the answer of a check that started before a download was announced', async () => {
    let release: (v: boolean) => void = () => undefined;
    const checks: Promise<boolean>[] = [];
    let present = false;
    const db = openLocalRankDB(`ms-${++n}`);
    const s = new ModelService(() => ({}) as HostConnection, new VectorCache(() => db), async () => MODEL, async () => 'wasm', () => {
      const c = new Promise<boolean>((r) => (release = r));
      checks.push(c);
      return c;
    });
    const tick = () => new Promise((r) => setTimeout(r, 0));
    const first = s.activeModel(); // looks: the model is not there yet
    await tick();
    expect(checks).toHaveLength(1);
    s.modelsChanged(); // the download finishes meanwhile
    present = true;
    release(false); // the stale answer arrives
    expect(await first).toBeUndefined();
    const second = s.activeModel(); // not remembered as absent: looks again
    await tick();
    release(present);
    expect((await second)?.id).toBe(MODEL);
    expect(checks).toHaveLength(2);
  });
});

describe('ModelService memory cache', () => {
  it('answers a repeated list from memory, and forgets everything with "clear all"', async () => {
    let computed = 0;
    const s = service({ embed: async (_m, texts) => texts.map((t) => ((computed += 1), new Float32Array([t.length, 1]))) });
    await s.embed(['a', 'bb']);
    expect(await s.cachedOnly(['a', 'bb', 'ccc'])).toMatchObject({ vectors: [expect.any(Float32Array), expect.any(Float32Array), undefined] });
    expect((await s.status(false)).cache.hits).toBe(2);
    await s.forgetVectors();
    expect((await s.cachedOnly(['a']))?.vectors).toEqual([undefined]);
    expect(await s.embed(['a'])).toMatchObject({ computed: 1 });
    expect(computed).toBe(3);
  });
});
