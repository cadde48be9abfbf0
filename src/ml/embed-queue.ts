/**
 * The background's queue of texts waiting for the model, so that the page never waits longer than
 * it must:
 *
 *   requests (page lists, history, rebuilds) ──► one entry per text (a text asked twice runs once)
 *        ──► chunks of `chunk` texts, most urgent first (priority, then arrival) ──► run(texts)
 *
 * - Priority: 0 = what the user sees or just did (visible items, recorded events), 1 = the rest of a
 *   page's lists, 2 = background work (profile rebuilds). Chunks are picked again after every run,
 *   so visible items of a new list overtake the tail of an older one.
 * - Cancellation: a request's AbortSignal; an entry is dropped before it runs once every request
 *   that wanted it was cancelled (a request without a signal keeps it). A running chunk finishes
 *   (its vectors are still worth caching).
 */

export interface QueueRequest {
  /** 0 runs first; default 1. */
  priority?: number;
  signal?: AbortSignal;
}

interface Entry {
  readonly text: string;
  readonly seq: number;
  priority: number;
  /** Requests without a signal, or whose signal has not fired. */
  live: number;
  started: boolean;
  readonly promise: Promise<Float32Array>;
  resolve(v: Float32Array): void;
  reject(e: unknown): void;
}

/** The reason a cancelled request rejects with. */
export function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

export class EmbedQueue {
  private readonly entries = new Map<string, Entry>();
  private seq = 0;
  private pumping = false;
  /** Texts sent to the model so far, and runs made (for tests and the bench). */
  ran = 0;
  runs = 0;

  constructor(
    private readonly run: (texts: string[]) => Promise<Float32Array[]>,
    private readonly chunk = 16,
  ) {}

  /** Texts waiting or running. */
  get size(): number {
    return this.entries.size;
  }

  /** Vectors for `texts`, in order; rejects with an AbortError when `signal` fires first. */
  request(texts: readonly string[], opts: QueueRequest = {}): Promise<Float32Array[]> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(abortError());
    const priority = opts.priority ?? 1;
    const wanted = [...new Set(texts)].map((t) => this.enter(t, priority, signal));
    const all = Promise.all(wanted.map((e) => e.promise));
    void this.pump();
    const byText = new Map(wanted.map((e) => [e.text, e]));
    const ordered = all.then(() => Promise.all(texts.map((t) => byText.get(t)!.promise)));
    if (!signal) return ordered;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortError());
      signal.addEventListener('abort', onAbort, { once: true });
      ordered.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private enter(text: string, priority: number, signal: AbortSignal | undefined): Entry {
    let e = this.entries.get(text);
    if (!e) {
      let resolve!: (v: Float32Array) => void;
      let reject!: (err: unknown) => void;
      const promise = new Promise<Float32Array>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => undefined); // a dropped entry may have nobody listening
      e = { text, seq: this.seq++, priority, live: 0, started: false, promise, resolve, reject };
      this.entries.set(text, e);
    }
    e.priority = Math.min(e.priority, priority);
    e.live++;
    const entry = e;
    signal?.addEventListener('abort', () => {
      if (--entry.live > 0 || entry.started || this.entries.get(entry.text) !== entry) return;
      this.entries.delete(entry.text);
      entry.reject(abortError());
    }, { once: true });
    return e;
  }

  private next(): Entry[] {
    const waiting = [...this.entries.values()].filter((e) => !e.started);
    waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    return waiting.slice(0, this.chunk);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let batch = this.next(); batch.length; batch = this.next()) {
        for (const e of batch) e.started = true;
        this.runs++;
        this.ran += batch.length;
        try {
          const vectors = await this.run(batch.map((e) => e.text));
          if (vectors.length !== batch.length) throw new Error(`model returned ${vectors.length} vectors for ${batch.length} texts`);
          batch.forEach((e, i) => e.resolve(vectors[i]!));
        } catch (err) {
          for (const e of batch) e.reject(err);
        } finally {
          for (const e of batch) if (this.entries.get(e.text) === e) this.entries.delete(e.text);
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
