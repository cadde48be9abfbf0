import { openLocalRankDB } from './db';
import type { DB } from './db';
import { parseExport, toExport } from './export';
import { toEvent } from './normalize';
import type { RawEvent } from './normalize';
import type { HistoryEvent, HistoryQuery, HistoryStats, ImportResult, RetentionPolicy } from './types';

export interface StoreOptions {
  dbName?: string;
  /** Repeats of one event within this window (ms) are folded into one record. */
  dedupeWindowMs?: () => number | Promise<number>;
  retention?: () => RetentionPolicy | Promise<RetentionPolicy>;
  now?: () => number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxEvents: 10_000, maxAgeDays: 180 };
const DAY = 86_400_000;

/** Outcome of recording: stored, or dropped with the reason (quota, blocked upgrade, …). */
export type RecordOutcome = { stored: true; event: HistoryEvent; folded: boolean } | { stored: false; reason: string };

/** The user's history in the extension origin's IndexedDB. Only the background uses it. */
export class HistoryStore {
  private db: Promise<DB> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: StoreOptions = {}) {
    this.now = opts.now ?? Date.now;
  }

  /** The open database; a failed open is forgotten so the next call tries again. */
  open(): Promise<DB> {
    this.db ??= openLocalRankDB(this.opts.dbName).then((db) => {
      db.addEventListener('close', () => (this.db = undefined));
      db.addEventListener('versionchange', () => (this.db = undefined));
      return db;
    });
    this.db.catch(() => (this.db = undefined));
    return this.db;
  }

  async close(): Promise<void> {
    const db = await this.db?.catch(() => undefined);
    db?.close();
    this.db = undefined;
  }

  /** Store an event, folding it into a recent identical one. Never throws: failures come back as a reason. */
  async record(raw: Omit<RawEvent, 'time'> & { time?: number }): Promise<RecordOutcome> {
    try {
      const event = toEvent({ ...raw, time: raw.time ?? this.now() });
      const window = (await this.opts.dedupeWindowMs?.()) ?? 30 * 60_000;
      const db = await this.open();
      const tx = db.transaction('events', 'readwrite');
      const recent = await tx.store.index('by-key').getAll(event.key);
      const last = recent.reduce<HistoryEvent | undefined>((a, b) => (!a || b.time > a.time ? b : a), undefined);
      let folded = false;
      let stored = event;
      if (last && event.time - last.time < window && event.time >= last.time) {
        stored = { ...last, time: event.time, count: last.count + 1, title: event.title || last.title };
        folded = true;
      }
      const id = await tx.store.put(stored);
      await tx.done;
      stored = { ...stored, id };
      if (!folded) await this.enforceRetention();
      return { stored: true, event: stored, folded };
    } catch (err) {
      return { stored: false, reason: describeError(err) };
    }
  }

  /** Add dwell time to the latest view of `url` on `site`. */
  async addDwell(site: string, url: string, dwellMs: number): Promise<boolean> {
    if (!Number.isFinite(dwellMs) || dwellMs <= 0) return false;
    const db = await this.open();
    const tx = db.transaction('events', 'readwrite');
    const views = await tx.store.index('by-key').getAll(toEvent({ kind: 'view', site, url, time: 1 }).key);
    const last = views.sort((a, b) => b.time - a.time)[0];
    if (last) await tx.store.put({ ...last, dwellMs: Math.min((last.dwellMs ?? 0) + Math.round(dwellMs), DAY) });
    await tx.done;
    return Boolean(last);
  }

  /** Newest first, filtered by site, kind and text (title, query or url, case-insensitive). */
  async list(q: HistoryQuery = {}): Promise<HistoryEvent[]> {
    const db = await this.open();
    const limit = Math.max(1, Math.min(q.limit ?? 200, 100_000));
    const needle = q.text?.trim().toLowerCase() ?? '';
    const upper = q.before ?? Number.POSITIVE_INFINITY;
    const out: HistoryEvent[] = [];
    const tx = db.transaction('events');
    let cursor = q.site
      ? await tx.store.index('by-site-time').openCursor(IDBKeyRange.bound([q.site, -Infinity], [q.site, upper], false, true), 'prev')
      : await tx.store.index('by-time').openCursor(IDBKeyRange.upperBound(upper, true), 'prev');
    while (cursor && out.length < limit) {
      const e = cursor.value;
      const textOk = !needle || [e.title, e.query ?? '', e.url].some((s) => s.toLowerCase().includes(needle));
      if (textOk && (!q.kind || e.kind === q.kind)) out.push(e);
      cursor = await cursor.continue();
    }
    return out;
  }

  async stats(): Promise<HistoryStats> {
    const db = await this.open();
    const stats: HistoryStats = { total: 0, bySite: {}, byKind: {} };
    let cursor = await db.transaction('events').store.index('by-time').openCursor();
    while (cursor) {
      const e = cursor.value;
      stats.total++;
      stats.bySite[e.site] = (stats.bySite[e.site] ?? 0) + 1;
      stats.byKind[e.kind] = (stats.byKind[e.kind] ?? 0) + 1;
      stats.oldest ??= e.time;
      stats.newest = e.time;
      cursor = await cursor.continue();
    }
    return stats;
  }

  async delete(id: number): Promise<number> {
    const db = await this.open();
    const tx = db.transaction('events', 'readwrite');
    const had = await tx.store.getKey(id);
    if (had !== undefined) await tx.store.delete(id);
    await tx.done;
    return had === undefined ? 0 : 1;
  }

  async clearSite(site: string): Promise<number> {
    const db = await this.open();
    const tx = db.transaction('events', 'readwrite');
    let n = 0;
    let cursor = await tx.store.index('by-site').openCursor(site);
    while (cursor) {
      await cursor.delete();
      n++;
      cursor = await cursor.continue();
    }
    await tx.done;
    return n;
  }

  async clearAll(): Promise<number> {
    const db = await this.open();
    const n = await db.count('events');
    await db.clear('events');
    return n;
  }

  async exportJson(): Promise<string> {
    const db = await this.open();
    return toExport(await db.getAllFromIndex('events', 'by-time'), this.now());
  }

  /** Validate the whole file first (all or nothing), then add what is not already stored. */
  async importJson(json: string): Promise<ImportResult> {
    const incoming = parseExport(json);
    const db = await this.open();
    const tx = db.transaction('events', 'readwrite');
    const result: ImportResult = { added: 0, merged: 0, skipped: 0 };
    for (const e of incoming) {
      const same = await tx.store.index('by-key').getAll(e.key);
      const twin = same.find((s) => s.time === e.time);
      if (twin) {
        result.skipped++;
      } else {
        await tx.store.add(e);
        result.added++;
      }
    }
    await tx.done;
    await this.enforceRetention();
    return result;
  }

  /** Evict events older than the age limit, then the oldest beyond the count limit. */
  async enforceRetention(): Promise<number> {
    const policy = (await this.opts.retention?.()) ?? DEFAULT_RETENTION;
    const db = await this.open();
    const tx = db.transaction('events', 'readwrite');
    const index = tx.store.index('by-time');
    let evicted = 0;
    const cutoff = this.now() - policy.maxAgeDays * DAY;
    let cursor = await index.openCursor(IDBKeyRange.upperBound(cutoff, true));
    while (cursor) {
      await cursor.delete();
      evicted++;
      cursor = await cursor.continue();
    }
    let excess = (await tx.store.count()) - policy.maxEvents;
    cursor = excess > 0 ? await index.openCursor() : null;
    while (cursor && excess > 0) {
      await cursor.delete();
      evicted++;
      excess--;
      cursor = await cursor.continue();
    }
    await tx.done;
    return evicted;
  }
}

/** A short, user-facing reason for a storage failure. */
export function describeError(err: unknown): string {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') return 'Storage is full (quota exceeded): the event was not recorded.';
  const message = err instanceof Error ? err.message : String(err);
  return message || 'Unknown storage error';
}
