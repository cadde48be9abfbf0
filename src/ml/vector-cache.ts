import type { DB } from '../history/db';

/** Hex sha-256 of a text (Web Crypto: service worker, pages, workers, Node). */
async function textHash(kind: string, text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${kind}\u0000${text}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Embeddings already computed, in the extension's IndexedDB (`vectors` store), keyed by model
 * (id@revision) and text hash, evicted least-recently-used past `maxEntries`. An item seen before
 * costs a lookup, not a model run.
 */
export class VectorCache {
  hits = 0;
  misses = 0;

  constructor(private readonly db: () => Promise<DB>, private readonly maxEntries = 20_000, private readonly now: () => number = Date.now) {}

  /** Cached vectors for `texts` (undefined where missing), refreshing their LRU time. */
  async get(model: string, kind: string, texts: string[]): Promise<(Float32Array | undefined)[]> {
    const hashes = await Promise.all(texts.map((t) => textHash(kind, t)));
    const tx = (await this.db()).transaction('vectors', 'readwrite');
    const found = await Promise.all(hashes.map((h) => tx.store.get([model, h])));
    const t = this.now();
    await Promise.all(found.map((v) => (v ? tx.store.put({ ...v, used: t }) : undefined)));
    await tx.done;
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
    let excess = (await tx.store.count()) - this.maxEntries;
    let cursor = excess > 0 ? await tx.store.index('by-used').openCursor() : null;
    while (cursor && excess-- > 0) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  async size(): Promise<number> {
    return (await this.db()).count('vectors');
  }

  async clear(): Promise<void> {
    await (await this.db()).clear('vectors');
  }

  get hitRate(): number {
    return this.hits + this.misses ? this.hits / (this.hits + this.misses) : 0;
  }
}
