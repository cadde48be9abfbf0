import { getModel, registry } from '../../models/registry';
import type { ModelEntry } from '../../models/registry';
import type { BackendPreference } from './backend';
import type { HostConnection } from './host-connection';
import { isDownloaded } from './downloads';
import { extUrl } from './host-paths';
import { cacheKey, openModelCache } from './model-store';
import type { HostStatus } from './model-host';
import { EmbedQueue } from './embed-queue';
import type { QueueRequest } from './embed-queue';
import type { EmbedKind } from './types';
import type { VectorCache } from './vector-cache';

/**
 * Texts per model run: small enough that visible items of a newly found list overtake the rest of
 * an earlier one within one run, large enough for the worker's batching to pay off.
 */
const EMBED_CHUNK = 16;

/**
 * Vectors kept in memory in front of the IndexedDB cache (most recently used): a list seen again
 * costs map lookups, not a hashing pass and a read-write transaction. 4,000 × 384 floats ≈ 6 MB.
 */
const HOT_MAX = 4000;

/** What the popup and options page show about the model. */
export interface ModelStatus {
  /** Model in use, or null when none is present (the lexical ranker runs). */
  model: string | null;
  state: 'none' | 'idle' | 'ready' | 'failed';
  reason?: string;
  host?: HostStatus;
  cache: { hits: number; misses: number; entries: number; hitRate: number };
}

export type EmbedResult =
  | { ok: true; modelId: string; vectors: Float32Array[]; cached: number; computed: number }
  | { ok: false; reason: string; cancelled?: boolean };

/** How urgent an embedding is and who may cancel it (see EmbedQueue). */
export type EmbedOptions = QueueRequest;

/** Is a model's folder in the extension package (fetched into public/models at build)? */
export async function bundled(id: string): Promise<boolean> {
  try {
    return (await fetch(extUrl(`/models/${id}/config.json`))).ok;
  } catch {
    return false;
  }
}

/** Cache key of a downloaded model file. */
export const downloadKey = cacheKey;

/** Bundled in the package, or downloaded by the user. */
export async function installed(id: string): Promise<'bundled' | 'downloaded' | null> {
  if (await bundled(id)) return 'bundled';
  return (await isDownloaded(id, await openModelCache(), downloadKey)) ? 'downloaded' : null;
}

/**
 * The background's embedding service: picks the model (the user's choice, else the registry's
 * defaults that are present), serves vectors from the cache and asks the model host for the rest.
 * A model that fails to load is reported, never thrown at callers: they fall back to lexical.
 */
export class ModelService {
  private failure: string | undefined;
  private used = false;
  /**
   * Models found installed: every list ranked asks for the active model, and re-reading the package
   * and the download cache each time is wasted work. Forgotten when a model fails to run (e.g. its
   * download was deleted), so the next call looks again.
   */
  private readonly found = new Set<string>();
  /**
   * Models found absent, for the same reason: with no model installed every ranked list would
   * otherwise fetch each default's package file and open the download cache, twice (≈ 10 ms of a
   * 50-item list's 12 in the service worker). A package never changes while it runs; downloads and
   * deletes announce themselves (`modelsChanged`), and a restarted background starts empty.
   */
  private readonly absent = new Set<string>();
  /** Bumped by modelsChanged: a presence check that started before an announcement is not kept. */
  private generation = 0;

  constructor(
    private readonly host: () => HostConnection,
    private readonly cache: VectorCache,
    private readonly chosen: () => Promise<string | null>,
    private readonly backend: () => Promise<BackendPreference>,
    private readonly present: (id: string) => Promise<boolean> = async (id) => (await installed(id)) !== null,
  ) {}

  /** The model to use now, if any is present. */
  async activeModel(): Promise<ModelEntry | undefined> {
    const wanted = await this.chosen();
    const d = registry.defaults;
    const order = wanted ? [wanted] : [d.embedder, d.englishEmbedder];
    for (const id of order) {
      try {
        const m = getModel(id);
        if (m.task !== 'feature-extraction') continue;
        if (this.absent.has(id)) continue;
        if (this.found.has(id)) return m;
        const gen = this.generation;
        const here = await this.present(id);
        if (gen === this.generation) (here ? this.found : this.absent).add(id);
        if (here) return m;
      } catch {
        /* an id the registry no longer has */
      }
    }
    return undefined;
  }

  /** One queue per model and text kind: texts asked twice run once, urgent ones first. */
  private readonly queues = new Map<string, EmbedQueue>();
  private readonly hot = new Map<string, Float32Array>();
  private hotHits = 0;

  /** Vectors in memory (undefined where missing); hits move to the most recent end. */
  private hotGet(key: string, kind: EmbedKind, texts: readonly string[]): (Float32Array | undefined)[] {
    return texts.map((t) => {
      const k = `${key}\u0000${kind}\u0000${t}`;
      const v = this.hot.get(k);
      if (v) {
        this.hot.delete(k);
        this.hot.set(k, v);
        this.hotHits++;
      }
      return v;
    });
  }

  private hotPut(key: string, kind: EmbedKind, texts: readonly string[], vectors: readonly (Float32Array | undefined)[]): void {
    texts.forEach((t, i) => {
      const v = vectors[i];
      if (v) this.hot.set(`${key}\u0000${kind}\u0000${t}`, v);
    });
    for (const k of this.hot.keys()) {
      if (this.hot.size <= HOT_MAX) break;
      this.hot.delete(k);
    }
  }

  /** Memory first, then IndexedDB for the rest (found ones are kept in memory). */
  private async lookup(key: string, kind: EmbedKind, texts: string[]): Promise<(Float32Array | undefined)[]> {
    const out = this.hotGet(key, kind, texts);
    const cold = texts.flatMap((_, i) => (out[i] ? [] : [i]));
    if (!cold.length) return out;
    const stored = await this.cache.get(key, kind, cold.map((i) => texts[i]!));
    cold.forEach((i, j) => (out[i] = stored[j]));
    this.hotPut(key, kind, cold.map((i) => texts[i]!), stored);
    return out;
  }

  private queueFor(model: ModelEntry, key: string, kind: EmbedKind): EmbedQueue {
    let q = this.queues.get(`${key}\u0000${kind}`);
    if (!q) {
      // A chunk's vectors go to the cache before its texts leave the queue, so a request arriving
      // in between finds them there instead of running them again.
      q = new EmbedQueue(async (texts) => {
        const fresh = await this.host().embed(model.id, texts, kind, await this.backend());
        this.hotPut(key, kind, texts, fresh);
        await this.cache.put(key, kind, texts, fresh).catch(() => undefined);
        return fresh;
      }, EMBED_CHUNK);
      this.queues.set(`${key}\u0000${kind}`, q);
    }
    return q;
  }

  /** Texts waiting for the model (all models), for the bench and tests. */
  get queued(): number {
    return [...this.queues.values()].reduce((n, q) => n + q.size, 0);
  }

  /** Cached vectors only (undefined where missing); never runs the model. Null: no model. */
  async cachedOnly(texts: string[], kind: EmbedKind = 'passage'): Promise<{ modelId: string; vectors: (Float32Array | undefined)[] } | null> {
    const model = await this.activeModel();
    if (!model) return null;
    return { modelId: model.id, vectors: await this.lookup(`${model.id}@${model.revision ?? 'project'}`, kind, texts) };
  }

  async embed(texts: string[], kind: EmbedKind = 'passage', opts: EmbedOptions = {}): Promise<EmbedResult> {
    const model = await this.activeModel();
    if (!model) return { ok: false, reason: 'No embedding model is installed: ranking uses the lexical ranker.' };
    const key = `${model.id}@${model.revision ?? 'project'}`;
    try {
      const cached = await this.lookup(key, kind, texts);
      const missing = texts.flatMap((t, i) => (cached[i] ? [] : [i]));
      if (missing.length) {
        const fresh = await this.queueFor(model, key, kind).request(missing.map((i) => texts[i]!), opts);
        missing.forEach((i, j) => (cached[i] = fresh[j]));
      }
      this.failure = undefined;
      this.used = true;
      return { ok: true, modelId: model.id, vectors: cached as Float32Array[], cached: texts.length - missing.length, computed: missing.length };
    } catch (e) {
      if ((e as Error | null)?.name === 'AbortError') return { ok: false, reason: 'cancelled', cancelled: true };
      this.found.delete(model.id);
      this.failure = `${model.id} could not run: ${e instanceof Error ? e.message : String(e)}. Ranking uses the lexical ranker.`;
      return { ok: false, reason: this.failure };
    }
  }

  /** A model was downloaded or deleted: look for installed models again on the next call. */
  modelsChanged(): void {
    this.generation++;
    this.found.clear();
    this.absent.clear();
  }

  /** Forget every cached vector, in memory and in IndexedDB (with "clear all history"). */
  async forgetVectors(): Promise<void> {
    this.hot.clear();
    await this.cache.clear();
  }

  /** Stop the worker; the next embed starts it again. */
  async terminate(): Promise<boolean> {
    await this.host().terminate();
    this.used = false;
    return true;
  }

  async status(withHost = true): Promise<ModelStatus> {
    const model = await this.activeModel();
    // Hits served from memory never reach the IndexedDB cache's counters.
    const hits = this.cache.hits + this.hotHits;
    const cache = { hits, misses: this.cache.misses, entries: await this.cache.size(), hitRate: hits + this.cache.misses ? hits / (hits + this.cache.misses) : 0 };
    if (!model) return { model: null, state: 'none', reason: 'No embedding model is installed: ranking uses the lexical ranker.', cache };
    const host = withHost && this.used ? await this.host().status(await this.backend()).catch(() => undefined) : undefined;
    return {
      model: model.id,
      state: this.failure ? 'failed' : this.used ? 'ready' : 'idle',
      ...(this.failure ? { reason: this.failure } : {}),
      ...(host ? { host } : {}),
      cache,
    };
  }
}
