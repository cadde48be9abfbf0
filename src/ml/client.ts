import { MlError } from './errors';
import type { RequestBody, RequestKind, ResponseFor, WorkerResponse } from './protocol';
import type { RuntimeConfig } from './runtime';
import type { EmbedKind, EmbedOptions, Embedder } from './types';

/** What ModelClient needs of a Worker (a real Worker, or an in-process fake in tests). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Options of {@link ModelClient}. */
export interface ModelClientOptions {
  /** Makes a fresh worker; called lazily, and again after a crash, timeout or terminate(). */
  readonly createWorker: () => WorkerLike;
  readonly config: RuntimeConfig;
  /** Per-request timeout for embed/unload/ping (default 60 s). */
  readonly timeoutMs?: number;
  /** Timeout of init and load, which include reading and hashing model files (default 5 min). */
  readonly loadTimeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: MlError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Host-side client of the model worker: ids, timeouts, cancellation, and restart. When the
 * worker crashes or a request times out (a stuck WASM call cannot be interrupted), the
 * worker is terminated, every pending call rejects (`crashed` / `timeout`), and the next call
 * starts a new worker, which reloads models lazily.
 */
export class ModelClient {
  private worker: WorkerLike | null = null;
  private ready: Promise<unknown> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private restartCount = 0;
  private resets = 0;
  private lastResetError: MlError | null = null;

  constructor(private readonly options: ModelClientOptions) {}

  /** How many times a worker was replaced after a crash or timeout. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Loads a model now (embed would load it lazily); resolves with its dims, dtype and device. */
  load(modelId: string): Promise<ResponseFor<'load'>> {
    return this.request({ kind: 'load', modelId }, this.options.loadTimeoutMs ?? 300_000);
  }

  /** Embeds `texts` with `modelId`; rejects with an MlError (`cancelled` when `signal` aborts). */
  async embed(modelId: string, texts: string[], kind: EmbedKind = 'passage', options: EmbedOptions & { timeoutMs?: number } = {}): Promise<Float32Array[]> {
    return (await this.embedTimed(modelId, texts, kind, options)).vectors;
  }

  /** {@link embed}, plus the worker's stage timings and the round trip as seen from here. */
  async embedTimed(modelId: string, texts: string[], kind: EmbedKind = 'passage', options: EmbedOptions & { timeoutMs?: number } = {}): Promise<ResponseFor<'embed'> & { roundTripMs: number }> {
    const timeout = options.timeoutMs ?? this.options.loadTimeoutMs ?? 300_000; // may include a lazy load
    const body: RequestBody<'embed'> = { kind: 'embed', modelId, texts, textKind: kind };
    const started = performance.now();
    const response = await this.request(body, timeout, options.signal);
    return { ...response, roundTripMs: performance.now() - started };
  }

  /** Frees a model's session in the worker. */
  unload(modelId: string): Promise<ResponseFor<'unload'>> {
    return this.request({ kind: 'unload', modelId }, this.options.timeoutMs ?? 60_000);
  }

  /** Lists loaded models (also a liveness check). */
  ping(): Promise<ResponseFor<'ping'>> {
    return this.request({ kind: 'ping' }, this.options.timeoutMs ?? 60_000);
  }

  /** An Embedder backed by this client (loads the model to learn its dims). */
  async embedder(modelId: string): Promise<Embedder> {
    const { dims } = await this.load(modelId);
    return { id: modelId, dims, embed: (texts, kind, options) => this.embed(modelId, texts, kind, options) };
  }

  /** Stops the worker to give its memory back; the next call starts a new one. */
  terminate(): void {
    this.reset(new MlError('cancelled', 'model worker terminated by the host'), false);
  }

  private async request<K extends RequestKind>(body: RequestBody<K>, timeoutMs: number, signal?: AbortSignal): Promise<ResponseFor<K>> {
    if (signal?.aborted) throw new MlError('cancelled', `${body.kind} cancelled`);
    const worker = this.ensureWorker();
    const reset = this.resets;
    const aborted = signal && new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new MlError('cancelled', `${body.kind} cancelled`)), { once: true }));
    aborted?.catch(() => undefined);
    await (aborted ? Promise.race([this.ready, aborted]) : this.ready);
    if (this.resets !== reset) throw this.lastResetError ?? new MlError('crashed', 'model worker stopped');
    return this.send(worker, body, timeoutMs, signal) as Promise<ResponseFor<K>>;
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker();
    this.worker = worker;
    worker.onmessage = (event) => this.receive(event.data as WorkerResponse);
    worker.onerror = (event) => {
      const detail = (event as { message?: string } | null)?.message ?? 'unknown error';
      this.reset(new MlError('crashed', `model worker crashed: ${detail}`), true);
    };
    this.ready = this.send(worker, { kind: 'init', config: this.options.config }, this.options.loadTimeoutMs ?? 300_000);
    this.ready.catch(() => undefined);
    return worker;
  }

  private send(worker: WorkerLike, body: object, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reset(new MlError('timeout', `model worker did not answer ${(body as { kind: string }).kind} within ${timeoutMs} ms; restarting it`), true);
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      signal?.addEventListener('abort', () => {
        const entry = this.settle(id);
        if (!entry) return;
        entry.reject(new MlError('cancelled', 'request cancelled'));
        worker.postMessage({ kind: 'cancel', id: this.nextId++, target: id });
      }, { once: true });
      worker.postMessage({ ...body, id });
    });
  }

  /** Removes a pending entry and returns it (undefined when already settled). */
  private settle(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    return entry;
  }

  private receive(message: WorkerResponse): void {
    const entry = this.settle(message?.id);
    if (!entry) return; // late answer of a cancelled or timed-out request, or a cancel ack
    if (message.kind === 'error') entry.reject(new MlError(message.code, message.message));
    else entry.resolve(message);
  }

  private reset(error: MlError, restart: boolean): void {
    const worker = this.worker;
    this.worker = null;
    this.resets++;
    this.lastResetError = error;
    this.ready = null;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
      if (restart) this.restartCount++;
    }
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }
}
