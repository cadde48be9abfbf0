import type { WorkerLike } from '../client';
import { MlError } from '../errors';
import type { RuntimeConfig } from '../runtime';
import type { LlmRequestBody, LlmRequestKind, LlmResponse, LlmResponseFor } from './llm-protocol';

/** Options of {@link LlmClient}. */
export interface LlmClientOptions {
  readonly createWorker: () => WorkerLike;
  readonly config: RuntimeConfig;
  /** Per-request timeout (default 5 min: includes loading and hashing a 300 MB model). */
  readonly timeoutMs?: number;
  /** How long a cancelled request may take to answer before the worker is restarted (default 10 s). */
  readonly cancelGraceMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: MlError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Host-side client of the LLM worker: ids, timeouts, cancellation, restart. Unlike the embedding
 * client, a cancelled request keeps waiting for the worker's own answer (a generation returns what
 * it wrote, marked `cancelled`), so callers learn that the worker really stopped; if it does not
 * answer within the grace period (a stuck WASM call), the worker is terminated and restarted lazily.
 */
export class LlmClient {
  private worker: WorkerLike | null = null;
  private ready: Promise<unknown> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private generation = 0;

  constructor(private readonly options: LlmClientOptions) {}

  /** Is a worker running (memory held)? */
  get running(): boolean {
    return this.worker !== null;
  }

  async request<K extends LlmRequestKind>(body: LlmRequestBody<K>, signal?: AbortSignal): Promise<LlmResponseFor<K>> {
    if (signal?.aborted) throw new MlError('cancelled', `${body.kind} cancelled`);
    const worker = this.ensureWorker();
    const gen = this.generation;
    await this.ready;
    if (gen !== this.generation || !this.worker) throw new MlError('crashed', 'LLM worker stopped');
    return this.send(worker, body, signal) as Promise<LlmResponseFor<K>>;
  }

  /** Stops the worker to give its memory back; pending calls reject with `cancelled`. */
  terminate(): void {
    this.reset(new MlError('cancelled', 'LLM worker terminated by the host'));
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.options.createWorker();
    this.worker = worker;
    worker.onmessage = (event) => this.receive(event.data as LlmResponse);
    worker.onerror = (event) => this.reset(new MlError('crashed', `LLM worker crashed: ${(event as { message?: string } | null)?.message ?? 'unknown error'}`));
    this.ready = this.send(worker, { kind: 'init', config: this.options.config });
    this.ready.catch(() => undefined);
    return worker;
  }

  private send(worker: WorkerLike, body: object, signal?: AbortSignal): Promise<unknown> {
    const id = this.nextId++;
    const kind = (body as { kind: string }).kind;
    return new Promise((resolve, reject) => {
      const expire = (ms: number, why: string) => setTimeout(() => this.reset(new MlError('timeout', `LLM worker did not answer ${kind} ${why}; restarting it`)), ms);
      const entry: Pending = { resolve, reject, timer: expire(this.options.timeoutMs ?? 300_000, 'in time') };
      this.pending.set(id, entry);
      signal?.addEventListener('abort', () => {
        if (!this.pending.has(id)) return;
        clearTimeout(entry.timer);
        entry.timer = expire(this.options.cancelGraceMs ?? 10_000, 'after being cancelled');
        worker.postMessage({ kind: 'cancel', id: this.nextId++, target: id });
      }, { once: true });
      worker.postMessage({ ...body, id });
    });
  }

  private receive(message: LlmResponse): void {
    const entry = this.pending.get(message?.id);
    if (!entry) return; // a cancel's ack, or a late answer after a reset
    clearTimeout(entry.timer);
    this.pending.delete(message.id);
    if (message.kind === 'error') entry.reject(new MlError(message.code, message.message));
    else entry.resolve(message);
  }

  private reset(error: MlError): void {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    this.generation++;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
    }
    for (const [id, entry] of [...this.pending]) {
      clearTimeout(entry.timer);
      this.pending.delete(id);
      entry.reject(error);
    }
  }
}
