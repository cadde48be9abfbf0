import { getModel } from '../../../models/registry';
import { MlError, toMlError } from '../errors';
import { fetchFileSource, type ModelFileSource } from '../integrity';
import { configureRuntime, deviceFor, type RuntimeConfig } from '../runtime';
import type { WorkerScope } from '../worker';
import { createLlmEngine, type LlmEngine } from './llm-engine';
import { isLlmRequest, type LlmRequest, type LlmResponse, type LoadedLlm } from './llm-protocol';

/** What the LLM worker body needs from where it runs (as src/ml/worker.ts WorkerDeps). */
export interface LlmWorkerDeps {
  post(message: LlmResponse): void;
  sourceFor?(config: RuntimeConfig): ModelFileSource;
  configure?(config: RuntimeConfig): void;
}

/** Longest prompt text accepted (characters); prompts are built capped, this is the last guard. */
const MAX_PROMPT_CHARS = 16_000;
const MAX_NEW_TOKENS = 1024;
const MAX_USERS = 50;

const text = (v: unknown, what: string): string => {
  if (typeof v !== 'string' || v.length > MAX_PROMPT_CHARS) throw new MlError('bad-input', `${what} must be a string of at most ${MAX_PROMPT_CHARS} characters`);
  return v;
};

/**
 * The LLM worker's message handler: one lazily loaded engine per model, cancellation by request
 * id, one response per request. Host-agnostic, like createWorkerHandler: it runs in a dedicated
 * Worker (llm-worker-entry.ts) and in-process in tests.
 */
export function createLlmWorkerHandler(deps: LlmWorkerDeps): (message: unknown) => Promise<void> {
  let config: RuntimeConfig | null = null;
  let source: ModelFileSource | null = null;
  const engines = new Map<string, Promise<LlmEngine>>();
  const running = new Map<number, AbortController>();

  function engineFor(modelId: string): Promise<LlmEngine> {
    if (!config) throw new MlError('not-initialised', 'the LLM worker got a request before init');
    let pending = engines.get(modelId);
    if (!pending) {
      let model;
      try {
        model = getModel(modelId);
      } catch (error) {
        throw new MlError('unknown-model', (error as Error).message);
      }
      pending = createLlmEngine({ model, dtype: model.dtype[config.backend], device: deviceFor(config.backend), source: config.verify === false ? null : source });
      pending.catch(() => engines.delete(modelId)); // a failed load may be retried
      engines.set(modelId, pending);
    }
    return pending;
  }
  const describe = (e: LlmEngine): LoadedLlm => ({ modelId: e.id, dtype: e.dtype, device: e.device, cacheBytes: e.cacheBytes });

  async function withSignal<T>(id: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      return await run(controller.signal);
    } finally {
      running.delete(id);
    }
  }

  async function handle(r: LlmRequest): Promise<void> {
    const started = performance.now();
    switch (r.kind) {
      case 'init':
        config = r.config;
        (deps.configure ?? configureRuntime)(config);
        source = (deps.sourceFor ?? ((c) => fetchFileSource(c.localModelPath)))(config);
        return deps.post({ kind: 'init', id: r.id });
      case 'load': {
        const e = await engineFor(r.modelId);
        return deps.post({ kind: 'load', id: r.id, loadMs: performance.now() - started, ...describe(e) });
      }
      case 'generate': {
        const prompt = { system: text(r.prompt?.system, 'system'), user: text(r.prompt?.user, 'user'), assistantPrefix: text(r.prompt?.assistantPrefix ?? '', 'assistantPrefix') };
        const max = Math.floor(Number(r.maxNewTokens));
        if (!(max >= 1 && max <= MAX_NEW_TOKENS)) throw new MlError('bad-input', `maxNewTokens must be 1–${MAX_NEW_TOKENS}`);
        const result = await withSignal(r.id, async (signal) => (await engineFor(r.modelId)).generate(prompt, { maxNewTokens: max, stop: r.stop === 'json' ? 'json' : 'eos', signal }));
        return deps.post({ kind: 'generate', id: r.id, ...result });
      }
      case 'score': {
        if (!Array.isArray(r.users) || r.users.length > MAX_USERS) throw new MlError('bad-input', `users must be an array of at most ${MAX_USERS} strings`);
        const users = r.users.map((u, i) => text(u, `users[${i}]`));
        const result = await withSignal(r.id, async (signal) => (await engineFor(r.modelId)).score(text(r.system, 'system'), users, signal));
        return deps.post({ kind: 'score', id: r.id, ...result });
      }
      case 'unload': {
        const pending = engines.get(r.modelId);
        engines.delete(r.modelId);
        if (pending) await (await pending.catch(() => null))?.dispose();
        return deps.post({ kind: 'unload', id: r.id, unloaded: pending !== undefined });
      }
      case 'cancel': {
        const c = running.get(r.target);
        c?.abort();
        return deps.post({ kind: 'cancel', id: r.id, cancelled: c !== undefined });
      }
      case 'ping': {
        const loaded = (await Promise.all([...engines.values()].map((p) => p.then(describe, () => null)))).filter((m): m is LoadedLlm => m !== null);
        // performance.memory is Chromium-only and absent in some contexts: reported when there.
        const heap = (performance as { memory?: { usedJSHeapSize?: number } }).memory?.usedJSHeapSize;
        return deps.post({ kind: 'ping', id: r.id, loaded, ...(heap !== undefined ? { jsHeapBytes: heap } : {}) });
      }
    }
  }

  return async (message: unknown) => {
    if (!isLlmRequest(message)) {
      const id = Number((message as { id?: unknown } | null)?.id);
      deps.post({ kind: 'error', id: Number.isSafeInteger(id) ? id : -1, request: 'unknown', code: 'bad-input', message: 'malformed request' });
      return;
    }
    try {
      await handle(message);
    } catch (error) {
      const { code, message: m } = toMlError(error);
      deps.post({ kind: 'error', id: message.id, request: message.kind, code, message: m });
    }
  };
}

/** Wires the handler to a worker global scope (`attachLlmWorker(self)` in the entry). */
export function attachLlmWorker(scope: WorkerScope, deps: Omit<LlmWorkerDeps, 'post'> = {}): void {
  const handler = createLlmWorkerHandler({ ...deps, post: (m) => scope.postMessage(m, []) });
  scope.onmessage = (event) => void handler(event.data);
}
