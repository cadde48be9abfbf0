import { chooseBackend } from './backend';
import type { BackendChoice, BackendPreference } from './backend';
import { ModelClient } from './client';
import type { WorkerLike } from './client';
import { toMlError } from './errors';
import type { EmbedStages, LoadedModel } from './protocol';
import { wasmOnlyPaths } from './wasm-paths';
import type { WasmPaths } from './wasm-paths';
import type { EmbedKind } from './types';

/** What the popup shows about the model runtime. */
export interface HostStatus {
  backend: BackendChoice['backend'];
  threads: number;
  reason: string;
  crossOriginIsolated: boolean;
  loaded: LoadedModel[];
  restarts: number;
  /** Set when WebGPU failed at run time and the host moved to WASM. */
  webgpuFailed?: string;
  /** Where embed time went since this host started (the bench reads it before and after a run). */
  timing: HostTiming;
}

/**
 * Embed time as the host sees it, summed: the worker's stages (tokenise, ONNX run, pooling), the
 * worker's whole handling, and the round trip from this side (the difference is messaging:
 * posting the texts, transferring the vectors back, waiting for the worker's event loop).
 */
export interface HostTiming extends EmbedStages {
  calls: number;
  texts: number;
  workerMs: number;
  roundTripMs: number;
}

export interface ModelHostOptions {
  createWorker: () => WorkerLike;
  localModelPath: string;
  wasmPaths: WasmPaths;
}

/**
 * Owns the model worker in the model host (Chrome: offscreen document; Firefox: background page).
 * Chooses the backend once, and if WebGPU fails at run time re-runs the same request on WASM, so
 * the request is not lost. `terminate()` gives the worker's memory back; the next call restarts it.
 */
export class ModelHost {
  private client: ModelClient | undefined;
  private choice: BackendChoice | undefined;
  private webgpuFailed: string | undefined;
  private prefer: BackendPreference = 'auto';
  private readonly timing: HostTiming = {
    calls: 0, texts: 0, runs: 0, tokens: 0, paddedTokens: 0, tokenizeMs: 0, runMs: 0, poolMs: 0, totalMs: 0, workerMs: 0, roundTripMs: 0,
  };

  constructor(private readonly opts: ModelHostOptions) {}

  /** Follow the user's backend choice; a change restarts the worker on the next call. */
  setPreference(prefer: BackendPreference): void {
    if (prefer === this.prefer) return;
    this.prefer = prefer;
    this.terminate();
    this.choice = undefined;
    this.webgpuFailed = undefined;
  }

  private async ensure(): Promise<ModelClient> {
    this.choice ??= await chooseBackend(this.prefer);
    this.client ??= new ModelClient({
      createWorker: this.opts.createWorker,
      config: {
        localModelPath: this.opts.localModelPath,
        backend: this.choice.backend,
        wasmPaths: this.choice.backend === 'wasm' ? wasmOnlyPaths(this.opts.wasmPaths) : this.opts.wasmPaths,
        numThreads: this.choice.threads,
      },
    });
    return this.client;
  }

  async embed(modelId: string, texts: string[], kind: EmbedKind): Promise<Float32Array[]> {
    const client = await this.ensure();
    try {
      return this.count(await client.embedTimed(modelId, texts, kind), texts.length);
    } catch (e) {
      const err = toMlError(e);
      if (this.choice?.backend !== 'webgpu' || !['load-failed', 'internal', 'crashed'].includes(err.code)) throw err;
      this.webgpuFailed = err.message;
      this.terminate();
      this.choice = { backend: 'wasm', threads: this.choice.threads, reason: `WebGPU failed, using WASM: ${err.message}` };
      return (await this.ensure()).embed(modelId, texts, kind);
    }
  }

  private count(r: Awaited<ReturnType<ModelClient['embedTimed']>>, texts: number): Float32Array[] {
    const t = this.timing;
    t.calls++;
    t.texts += texts;
    t.workerMs += r.ms;
    t.roundTripMs += r.roundTripMs;
    if (r.stages) for (const k of Object.keys(r.stages) as (keyof EmbedStages)[]) t[k] += r.stages[k];
    return r.vectors;
  }

  async status(): Promise<HostStatus> {
    const client = await this.ensure();
    const loaded = await client.ping().then((r) => [...r.loaded], () => []);
    const c = this.choice!;
    return {
      backend: c.backend, threads: c.threads, reason: c.reason, loaded, restarts: client.restarts, timing: { ...this.timing },
      crossOriginIsolated: Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated),
      ...(this.webgpuFailed ? { webgpuFailed: this.webgpuFailed } : {}),
    };
  }

  /** Stop the worker (memory back to the system); state is rebuilt lazily. */
  terminate(): void {
    this.client?.terminate();
    this.client = undefined;
  }
}

