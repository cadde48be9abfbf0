import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openLocalRankDB } from '../../../src/history/db';
import { DB_VERSION } from '../../../src/history/schema';
import { HistoryStore } from '../../../src/history/store';
import { report } from '../../factories';

let dbCount = 0;
function makeStore(opts: { now?: () => number; maxEvents?: number; maxAgeDays?: number; windowMs?: number } = {}) {
  const dbName = `test-${++dbCount}`;
  const store = new HistoryStore({
    dbName,
    ...(opts.now ? { now: opts.now } : {}),
    retention: () => ({ maxEvents: opts.maxEvents ?? 10_000, maxAgeDays: opts.maxAgeDays ?? 180 }),
    dedupeWindowMs: () => opts.windowMs ?? 30 * 60_000,
  });
  return { store, dbName };
}

describe('HistoryStore', () => {
  it('records, lists newest first, filters by site, kind and text, deletes one', async () => {
    let t = 1_000_000;
    const { store } = makeStore({ now: () => (t += 1000) });
    await store.record(report({ title: 'Trail running shoes' }));
    await store.record(report({ title: 'Cast iron pan', site: 'amazon', url: 'https://www.amazon.com/dp/B000000001' }));
    await store.record(report({ kind: 'search', title: 'ramen', query: 'Ramen', url: 'https://www.youtube.com/results?search_query=ramen' }));
    const all = await store.list();
    expect(all.map((e) => e.title)).toEqual(['ramen', 'Cast iron pan', 'Trail running shoes']);
    expect((await store.list({ site: 'amazon' })).map((e) => e.title)).toEqual(['Cast iron pan']);
    expect((await store.list({ kind: 'search' }))[0]?.query).toBe('Ramen');
    expect((await store.list({ text: 'RUNNING' })).map((e) => e.title)).toEqual(['Trail running shoes']);
    expect(await store.delete(all[1]!.id!)).toBe(1);
    expect(await store.delete(999_999)).toBe(0);
    expect((await store.list()).map((e) => e.title)).toEqual(['ramen', 'Trail running shoes']);
    const stats = await store.stats();
    expect(stats).toMatchObject({ total: 2, bySite: { youtube: 2 }, byKind: { view: 1, search: 1 } });
  });

  it('folds repeated views within the window and keeps separate ones outside it', async () => {
    let t = 0;
    const { store } = makeStore({ now: () => t, windowMs: 60_000 });
    const e = report();
    t = 1_000;
    expect(await store.record(e)).toMatchObject({ stored: true, folded: false });
    t = 30_000;
    expect(await store.record(e)).toMatchObject({ stored: true, folded: true });
    expect(await store.list()).toHaveLength(1);
    expect((await store.list())[0]).toMatchObject({ count: 2, time: 30_000 });
    t = 200_000;
    await store.record(e);
    expect(await store.list()).toHaveLength(2);
  });

  it('adds dwell time to the latest view of a page', async () => {
    const { store } = makeStore();
    const e = report();
    await store.record(e);
    expect(await store.addDwell('youtube', e.url, 4_000)).toBe(true);
    expect(await store.addDwell('youtube', e.url, 2_000)).toBe(true);
    expect(await store.addDwell('youtube', 'https://www.youtube.com/watch?v=other', 2_000)).toBe(false);
    expect((await store.list())[0]?.dwellMs).toBe(6_000);
  });

  it('evicts the oldest events past the count cap and events past the age cap', async () => {
    const day = 86_400_000;
    let t = 10 * day;
    const { store } = makeStore({ now: () => t, maxEvents: 100, maxAgeDays: 5 });
    for (let i = 0; i < 120; i++) {
      t += 1000;
      await store.record(report({ title: `v${i}` }));
    }
    const kept = await store.list({ limit: 1000 });
    expect(kept).toHaveLength(100);
    expect(kept.at(-1)?.title).toBe('v20');
    t += 6 * day;
    await store.record(report({ title: 'fresh' }));
    expect((await store.list({ limit: 1000 })).map((e) => e.title)).toEqual(['fresh']);
  });

  it('clears one site or everything', async () => {
    const { store } = makeStore();
    await store.record(report());
    await store.record(report());
    await store.record(report({ site: 'amazon', url: 'https://www.amazon.de/dp/B000000009' }));
    expect(await store.clearSite('youtube')).toBe(2);
    expect((await store.list()).map((e) => e.site)).toEqual(['amazon']);
    expect(await store.clearAll()).toBe(1);
    expect(await store.list()).toEqual([]);
  });

  it('round-trips export and import without duplicates', async () => {
    const a = makeStore();
    await a.store.record(report({ title: 'A <b>bold</b> title', dwellMs: 5000 }));
    await a.store.record(report({ kind: 'search', query: 'kettle', title: 'kettle', url: 'https://x/?q=kettle' }));
    const json = await a.store.exportJson();
    const b = makeStore();
    expect(await b.store.importJson(json)).toEqual({ added: 2, merged: 0, skipped: 0 });
    expect(await b.store.importJson(json)).toEqual({ added: 0, merged: 0, skipped: 2 });
    const strip = (es: Awaited<ReturnType<HistoryStore['list']>>) => es.map(({ id: _id, ...rest }) => rest);
    expect(strip(await b.store.list())).toEqual(strip(await a.store.list()));
  });

  it.each([
    ['not JSON', '{oops', /not JSON/],
    ['another format', JSON.stringify({ format: 'other', version: 1, events: [] }), /not a LocalRank/],
    ['a future version', JSON.stringify({ format: 'localrank-history', version: 99, events: [] }), /Unsupported export version/],
    ['a bad kind', JSON.stringify({ format: 'localrank-history', version: 1, events: [{ kind: 'hack', site: 's', url: 'u', time: 5 }] }), /Event 1 has an unknown kind/],
    ['a missing time', JSON.stringify({ format: 'localrank-history', version: 1, events: [
      { kind: 'view', site: 's', url: 'u', time: 5, title: 't' }, { kind: 'view', site: 's', url: 'u2' }] }), /Event 2 has no valid time/],
  ])('refuses %s and changes nothing', async (_name, json, message) => {
    const { store } = makeStore();
    await store.record(report({ title: 'kept' }));
    await expect(store.importJson(json)).rejects.toThrow(message);
    expect((await store.list()).map((e) => e.title)).toEqual(['kept']);
  });

  it('stores hostile titles as capped plain text', async () => {
    const { store } = makeStore();
    await store.record(report({ title: '<img src=x onerror=alert(1)>\u202eevil\u0000 ' + 'x'.repeat(10_000) }));
    await store.record(report({ title: '' }));
    const [empty, hostile] = await store.list();
    expect(hostile!.title.startsWith('<img src=x onerror=alert(1)>\u202eevil x')).toBe(true);
    expect(hostile!.title.length).toBeLessThanOrEqual(2000);
    expect(empty!.title).toBe('');
  });

  it('reports a storage failure as a reason instead of throwing', async () => {
    const { store } = makeStore();
    await store.record(report({ title: 'kept' }));
    const db = await store.open();
    const original = db.transaction.bind(db);
    (db as { transaction: unknown }).transaction = () => {
      throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    };
    const out = await store.record(report());
    expect(out).toEqual({ stored: false, reason: expect.stringMatching(/quota exceeded/) });
    (db as { transaction: unknown }).transaction = original;
    expect((await store.list()).map((e) => e.title)).toEqual(['kept']);
  });
});

describe('schema migrations', () => {
  it.each(Array.from({ length: DB_VERSION - 1 }, (_, i) => i + 1))('upgrades from version %i keeping history', async (from) => {
    const name = `migrate-${from}`;
    const old = await openLocalRankDB(name, 1000, from);
    await old.add('events', { kind: 'view', site: 'youtube', url: 'u', title: 'old', time: 5, count: 1, key: 'view|youtube|u' });
    old.close();
    const store = new HistoryStore({ dbName: name, retention: () => ({ maxEvents: 100, maxAgeDays: 100_000 }), now: () => 10 });
    expect((await store.list()).map((e) => e.title)).toEqual(['old']);
    const db = await store.open();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['events', 'meta', 'vectors']);
    expect([...db.transaction('events').store.indexNames].sort()).toEqual(['by-key', 'by-site', 'by-site-time', 'by-time']);
  });

  it('fails with a clear reason when an old connection blocks the upgrade', async () => {
    const name = 'blocked-db';
    // An old page that ignores versionchange (it never closes).
    const stubborn = await openDB(name, 1, { upgrade: (db) => void db.createObjectStore('events', { keyPath: 'id', autoIncrement: true }) });
    await expect(openLocalRankDB(name, 200)).rejects.toThrow(/blocked by another open LocalRank page/);
    stubborn.close();
  });
});
