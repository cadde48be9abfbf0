import type { DB } from '../history/db';

/** Hex sha-256 of a text (Web Crypto: service worker, pages, workers, Node). */
async function textHash(kind: string, text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${kind}\u0000${text}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A read refreshes an entry's LRU time only when it is older than this: a write per hit costs more than the read. */
const REFRESH_AFTER_MS = 60 * 60 * 1000;

/**
 * Embeddings already computed, in the extension's IndexedDB (`vectors` store), keyed by model
 * (id@revision) and text hash, evicted least-recently-used past `maxEntries`. An item seen before
 * costs a lookup, not a model run: one read-only transaction per call, and a write only for
 * entries whose LRU time is more than an hour old.
 */
export class VectorCache {
  hits = 0;
  misses = 0;
  /** Entries at the last count plus texts put since (an upper bound): count again only near the cap. */
  private approxEntries: number | undefined;

  constructor(private readonly db: () => Promise<DB>, private readonly maxEntries = 20_000, private readonly now: () => number = Date.now) {}

  /** Cached vectors for `texts` (undefined where missing), refreshing stale LRU times. */
  async get(model: string, kind: string, texts: string[]): Promise<(Float32Array | undefined)[]> {
    const hashes = await Promise.all(texts.map((t) => textHash(kind, t)));
    const db = await this.db();
    const tx = db.transaction('vectors', 'readonly');
    const found = await Promise.all(hashes.map((h) => tx.store.get([model, h])));
    await tx.done;
    const t = this.now();
    const stale = found.filter((v): v is NonNullable<typeof v> => v !== undefined && t - v.used > REFRESH_AFTER_MS);
    if (stale.length) {
      const w = db.transaction('vectors', 'readwrite');
      await Promise.all(stale.map((v) => w.store.put({ ...v, used: t })));
      await w.done;
    }
    const out = found.map((v) => (v && v.vector.every(Number.isFinite) ? v.vector : undefined));
    for (const v of out) {
      if (v) this.hits++;
      else this.misses++;
    }
    return out;
  }

  async put(model: string, kind: string, texts: string[], vectors: Float32Array[]): Promise<void> {
    const hashes = await Promise.all(texts.map((t) => textHash(kind, t)));
    const db = await this.db();
    const tx = db.transaction('vectors', 'readwrite');
    const t = this.now();
    await Promise.all(hashes.map((hash, i) => tx.store.put({ model, hash, vector: vectors[i]!, used: t })));
    // count() walks the store: only when the bound says the cap may have been passed.
    if (this.approxEntries === undefined || this.approxEntries + texts.length > this.maxEntries) {
      const count = await tx.store.count();
      let excess = count - this.maxEntries;
      this.approxEntries = count - Math.max(0, excess);
      let cursor = excess > 0 ? await tx.store.index('by-used').openCursor() : null;
      while (cursor && excess-- > 0) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
    } else this.approxEntries += texts.length;
    await tx.done;
  }

  async size(): Promise<number> {
    return (await this.db()).count('vectors');
  }

  async clear(): Promise<void> {
    await (await this.db()).clear('vectors');
    this.approxEntries = 0;
  }

  get hitRate(): number {
    return this.hits + this.misses ? this.hits / (this.hits + this.misses) : 0;
  }
}
