/**
 * Progressive ranking in the background, through the real ModelService (queue + IndexedDB vector
 * cache), activeEmbedder and ProfileService, with a model host that answers only when let through.
 */
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/history/store';
import type { HostConnection } from '../../../src/ml/host-connection';
import { ModelService } from '../../../src/ml/model-service';
import { VectorCache } from '../../../src/ml/vector-cache';
import { activeEmbedder } from '../../../src/profile/model-embedder';
import { ProfileService } from '../../../src/profile/profile-service';
import { LexicalEmbedder } from '../../../src/ranking';
import { storedEvent } from '../../factories';

const MODEL = 'localrank-test/tiny-minilm'; // 16 dimensions
let n = 0;

/** A model host whose answers wait while `hold` is set; every call's texts are recorded. */
function gatedHost() {
  const lexical = new LexicalEmbedder(16);
  const calls: string[][] = [];
  let open: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  const host = {
    async embed(_model: string, texts: string[]) {
      calls.push(texts);
      await gate;
      return lexical.embed(texts, 'passage');
    },
  } as Partial<HostConnection> as HostConnection;
  return {
    host, calls,
    hold: () => void (gate = new Promise((r) => (open = r))),
    release: () => open(),
  };
}

async function setup() {
  const g = gatedHost();
  const store = new HistoryStore({ dbName: `progressive-${++n}`, retention: () => ({ maxEvents: 10_000, maxAgeDays: 10_000 }), dedupeWindowMs: () => 0 });
  const models = new ModelService(() => g.host, new VectorCache(() => store.open()), async () => MODEL, async () => 'wasm', async () => true);
  const profiles = new ProfileService(store, () => activeEmbedder(models));
  const history = ['Trail running shoes', 'Trail running vest', 'Espresso grinder'].map((title) => storedEvent({ title, kind: 'click' }));
  await profiles.onEvents(history);
  await profiles.current();
  return { ...g, models, profiles };
}

const items = ['Road bike helmet', 'Trail running socks', 'Celebrity gossip weekly', 'Espresso tamper', 'Garden hose', ...Array.from({ length: 20 }, (_, i) => `Kitchen item ${i}`)].map((title) => ({ title }));
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('progressive ranking in the background', () => {
  it('answers the first stage at once with words while the model is busy, the top of that order queued first', async () => {
    const s = await setup();
    s.calls.length = 0;
    s.hold();
    const first = await s.profiles.rankStage(items, 'amazon', {}, 'first');
    expect(first).toMatchObject({ final: false, method: 'lexical' });
    await tick();
    // The first screen of the first order (12 items) goes to the model before the rest.
    const top = first.order.slice(0, 12).map((i) => items[i]!.title);
    expect(s.calls[0]).toEqual(expect.arrayContaining(top));
    const final = s.profiles.rankStage(items, 'amazon', {}, 'final');
    let done = false;
    void final.then(() => (done = true));
    await tick();
    expect(done).toBe(false); // the final stage waits for the vectors
    s.release();
    expect(await final).toMatchObject({ final: true, method: 'encoder' });
    expect(s.calls.flat().sort()).toEqual(items.map((i) => i.title).sort()); // each text ran once
  });

  it('is final at the first stage when every vector is cached (no model run)', async () => {
    const s = await setup();
    await s.profiles.rankStage(items, 'amazon', {}, 'final');
    s.calls.length = 0;
    s.hold(); // a model run now would never answer
    const again = await s.profiles.rankStage(items, 'amazon', {}, 'first');
    expect(again).toMatchObject({ final: true, method: 'encoder' });
    expect(s.calls).toEqual([]);
  });

  it('drops the queued texts of a list that left the page', async () => {
    const s = await setup();
    s.calls.length = 0;
    s.hold();
    const busy = s.models.embed(['something already running'], 'passage'); // occupies the model
    await tick();
    const gone = new AbortController();
    await s.profiles.rankStage(items, 'amazon', {}, 'first', { signal: gone.signal });
    await tick();
    expect(s.models.queued).toBeGreaterThan(1);
    gone.abort();
    await tick();
    s.release();
    await busy;
    await tick();
    expect(s.calls.flat()).toEqual(['something already running']);
    expect(s.models.queued).toBe(0);
  });
});

describe('warm-up when the background starts', () => {
  it('loads the saved profile and finds the model before any page asks, so the first stage reads nothing', async () => {
    const s = await setup();
    const store = (s.profiles as unknown as { store: HistoryStore }).store;
    // A new background over the same history (a service worker restarted after being idle).
    let looked = 0;
    const models = new ModelService(() => s.host, new VectorCache(() => store.open()), async () => MODEL, async () => 'wasm', async () => (looked++, true));
    const restarted = new ProfileService(store, () => activeEmbedder(models));
    await restarted.warmUp();
    expect(looked).toBe(1);
    // The saved profile is never read again on the page's path (the only other reads are of cached vectors).
    const internals = restarted as unknown as { saved: () => Promise<unknown> };
    let savedReads = 0;
    const saved = internals.saved.bind(restarted);
    internals.saved = () => (savedReads++, saved());
    const first = await restarted.rankStage(items, 'amazon', {}, 'first');
    expect(first.order).toHaveLength(items.length);
    expect(first.method).toBe('lexical'); // ranked with the loaded profile, not the page's order
    expect(savedReads).toBe(0);
    expect(looked).toBe(1);
    // Without the warm-up, the same first stage reads the saved profile from IndexedDB.
    const cold = new ProfileService(store, () => activeEmbedder(models));
    const coldInternals = cold as unknown as { saved: () => Promise<unknown> };
    const coldSaved = coldInternals.saved.bind(cold);
    let coldReads = 0;
    coldInternals.saved = () => (coldReads++, coldSaved());
    expect((await cold.rankStage(items, 'amazon', {}, 'first')).method).toBe('lexical');
    expect(coldReads).toBe(1);
  });

  it('resolves with an empty history and never throws', async () => {
    const store = new HistoryStore({ dbName: `progressive-${++n}`, retention: () => ({ maxEvents: 10, maxAgeDays: 10 }), dedupeWindowMs: () => 0 });
    await expect(new ProfileService(store, async () => null).warmUp()).resolves.toBeUndefined();
  });
});
