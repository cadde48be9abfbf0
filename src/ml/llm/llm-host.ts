import { chooseBackend, type BackendChoice, type BackendPreference } from '../backend';
import type { WorkerLike } from '../client';
import { MlError, toMlError } from '../errors';
import type { WasmPaths } from '../wasm-paths';
import { LlmClient } from './llm-client';
import type { ChatPrompt, GenerateResult, LoadedLlm, ScoreResult } from './llm-protocol';

/** The user's LLM backend choice: WebGPU unless told otherwise; WASM only when accepted as slow. */
export interface LlmPrefs {
  /** auto: WebGPU on a real GPU; webgpu: WebGPU even on a software adapter; wasm: WASM. */
  readonly backend: 'auto' | 'webgpu' | 'wasm';
  /** Use WASM (slow) when WebGPU is not usable. */
  readonly acceptWasm: boolean;
}

/** What the options page and popup show about the LLM worker. */
export interface LlmHostStatus {
  running: boolean;
  backend?: BackendChoice['backend'];
  threads?: number;
  reason?: string;
  loaded: LoadedLlm[];
  jsHeapBytes?: number;
  webgpuFailed?: string;
}

export interface LlmHostOptions {
  createWorker: () => WorkerLike;
  localModelPath: string;
  wasmPaths: WasmPaths;
  choose?: (prefer: BackendPreference) => Promise<BackendChoice>;
}

/**
 * Owns the LLM worker in the model host (Chrome: offscreen document; Firefox: background page),
 * beside — never inside — the embedding worker. WebGPU by default; WASM only when the user
 * accepted it (the LLM on WASM is several times slower). `terminate()` gives the memory back.
 */
export class LlmHost {
  private client: LlmClient | undefined;
  private choice: BackendChoice | undefined;
  private webgpuFailed: string | undefined;
  private prefs: LlmPrefs = { backend: 'auto', acceptWasm: false };

  constructor(private readonly opts: LlmHostOptions) {}

  /** Follow the user's choice; a change restarts the worker on the next call. */
  setPrefs(p: LlmPrefs): void {
    if (p.backend === this.prefs.backend && p.acceptWasm === this.prefs.acceptWasm) return;
    this.prefs = { backend: p.backend, acceptWasm: p.acceptWasm };
    this.terminate();
    this.choice = undefined;
    this.webgpuFailed = undefined;
  }

  private async choose(): Promise<BackendChoice> {
    const choose = this.opts.choose ?? chooseBackend;
    if (this.prefs.backend === 'wasm') return { ...(await choose('wasm')), reason: 'WASM chosen in settings (slow)' };
    const c = await choose(this.prefs.backend === 'webgpu' ? 'webgpu' : 'auto');
    if (c.backend === 'webgpu') return c;
    if (this.prefs.acceptWasm) return { ...c, reason: `${c.reason}: on WASM, which you allowed (slow)` };
    throw new MlError('load-failed', `The LLM needs WebGPU, and ${c.reason}. Allow the slow WASM fallback in the options to use it anyway.`);
  }

  private async ensure(): Promise<LlmClient> {
    this.choice ??= await this.choose();
    this.client ??= new LlmClient({
      createWorker: this.opts.createWorker,
      config: { localModelPath: this.opts.localModelPath, backend: this.choice.backend, wasmPaths: this.opts.wasmPaths, numThreads: this.choice.threads },
    });
    return this.client;
  }

  /** Runs `op`; when WebGPU fails at run time and WASM is allowed, once more on WASM. */
  private async run<T>(op: (c: LlmClient) => Promise<T>): Promise<T> {
    const client = await this.ensure();
    try {
      return await op(client);
    } catch (e) {
      const err = toMlError(e);
      if (this.choice?.backend !== 'webgpu' || !this.prefs.acceptWasm || !['load-failed', 'internal', 'crashed'].includes(err.code)) throw err;
      this.webgpuFailed = err.message;
      this.terminate();
      this.choice = { backend: 'wasm', threads: this.choice.threads, reason: `WebGPU failed, on WASM (slow): ${err.message}` };
      return op(await this.ensure());
    }
  }

  generate(modelId: string, prompt: ChatPrompt, maxNewTokens: number, stop: 'eos' | 'json', signal?: AbortSignal): Promise<GenerateResult> {
    return this.run((c) => c.request<'generate'>({ kind: 'generate', modelId, prompt, maxNewTokens, stop }, signal));
  }

  score(modelId: string, system: string, users: readonly string[], signal?: AbortSignal): Promise<ScoreResult> {
    return this.run((c) => c.request<'score'>({ kind: 'score', modelId, system, users }, signal));
  }

  /** Loads the model now (the first refinement would otherwise spend its budget loading). */
  async load(modelId: string): Promise<void> {
    await this.run((c) => c.request<'load'>({ kind: 'load', modelId }));
  }

  /** Never starts a worker: a stopped one is reported as such. */
  async status(): Promise<LlmHostStatus> {
    const c = this.choice;
    const base = { ...(c ? { backend: c.backend, threads: c.threads, reason: c.reason } : {}), ...(this.webgpuFailed ? { webgpuFailed: this.webgpuFailed } : {}) };
    if (!this.client?.running) return { running: false, loaded: [], ...base };
    const ping = await this.client.request<'ping'>({ kind: 'ping' }).catch(() => undefined);
    return { running: true, loaded: [...(ping?.loaded ?? [])], ...(ping?.jsHeapBytes !== undefined ? { jsHeapBytes: ping.jsHeapBytes } : {}), ...base };
  }

  /** Stops the LLM worker (memory back to the system); the next call starts a new one. */
  terminate(): void {
    this.client?.terminate();
    this.client = undefined;
  }
}
