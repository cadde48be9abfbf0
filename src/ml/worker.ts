import { getModel } from '../../models/registry';
import { createEmbedder } from './embedder';
import { MlError, toMlError } from './errors';
import { fetchFileSource, type ModelFileSource } from './integrity';
import { isWorkerRequest, type EmbedStages, type LoadedModel, type WorkerRequest, type WorkerResponse } from './protocol';
import { configureRuntime, deviceFor, type RuntimeConfig } from './runtime';
import type { EmbedStats, ModelEmbedder } from './types';

/** What the worker body needs from where it runs. */
export interface WorkerDeps {
  post(message: WorkerResponse, transfer: Transferable[]): void;
  /** Files to verify before loading (default: fetch from `config.localModelPath`). */
  sourceFor?(config: RuntimeConfig): ModelFileSource;
  /** Applies the runtime config (default: transformers.js env via configureRuntime). */
  configure?(config: RuntimeConfig): void;
}

/**
 * The model worker's message handler: one lazily loaded embedder per model (its calls
 * serialised), cancellation by request id, one response per request. Host-agnostic: the
 * same body runs in a dedicated Worker (`attachWorker`) and in-process in tests.
 */
export function createWorkerHandler(deps: WorkerDeps): (message: unknown) => Promise<void> {
  let config: RuntimeConfig | null = null;
  let source: ModelFileSource | null = null;
  const embedders = new Map<string, Promise<ModelEmbedder>>();
  const running = new Map<number, AbortController>();

  function embedderFor(modelId: string): Promise<ModelEmbedder> {
    if (!config) throw new MlError('not-initialised', 'the model worker got a request before init');
    let pending = embedders.get(modelId);
    if (!pending) {
      let model;
      try {
        model = getModel(modelId);
      } catch (error) {
        throw new MlError('unknown-model', (error as Error).message);
      }
      const verify = config.verify !== false;
      pending = createEmbedder({ model, dtype: model.dtype[config.backend], device: deviceFor(config.backend), source: verify ? source : null });
      pending.catch(() => embedders.delete(modelId)); // a failed load may be retried later
      embedders.set(modelId, pending);
    }
    return pending;
  }

  const describe = (e: ModelEmbedder): LoadedModel => ({ modelId: e.id, dims: e.dims, dtype: e.dtype, device: e.device });

  async function handle(request: WorkerRequest): Promise<void> {
    const started = performance.now();
    switch (request.kind) {
      case 'init':
        config = request.config;
        (deps.configure ?? configureRuntime)(config);
        source = (deps.sourceFor ?? ((c) => fetchFileSource(c.localModelPath)))(config);
        return deps.post({ kind: 'init', id: request.id }, []);
      case 'load': {
        const embedder = await embedderFor(request.modelId);
        return deps.post({ kind: 'load', id: request.id, loadMs: performance.now() - started, ...describe(embedder) }, []);
      }
      case 'embed': {
        const controller = new AbortController();
        running.set(request.id, controller);
        try {
          if (!Array.isArray(request.texts)) throw new MlError('bad-input', 'texts must be an array of strings');
          const embedder = await embedderFor(request.modelId);
          const before = embedder.stats && { ...embedder.stats };
          const vectors = await embedder.embed([...request.texts], request.textKind === 'query' ? 'query' : 'passage', { signal: controller.signal });
          const ms = performance.now() - started;
          const stages = before && stagesSince(before, embedder.stats!);
          return deps.post({ kind: 'embed', id: request.id, vectors, ms, ...(stages ? { stages } : {}) }, vectors.map((v) => v.buffer as ArrayBuffer));
        } finally {
          running.delete(request.id);
        }
      }
      case 'unload': {
        const pending = embedders.get(request.modelId);
        embedders.delete(request.modelId);
        if (pending) await (await pending.catch(() => null))?.dispose();
        return deps.post({ kind: 'unload', id: request.id, unloaded: pending !== undefined }, []);
      }
      case 'cancel': {
        const controller = running.get(request.target);
        controller?.abort();
        return deps.post({ kind: 'cancel', id: request.id, cancelled: controller !== undefined }, []);
      }
      case 'ping': {
        const settled = await Promise.all([...embedders.values()].map((p) => p.then(describe, () => null)));
        return deps.post({ kind: 'ping', id: request.id, loaded: settled.filter((m): m is LoadedModel => m !== null) }, []);
      }
    }
  }

  return async (message: unknown) => {
    if (!isWorkerRequest(message)) {
      const id = Number((message as { id?: unknown } | null)?.id);
      deps.post({ kind: 'error', id: Number.isSafeInteger(id) ? id : -1, request: 'unknown', code: 'bad-input', message: 'malformed request' }, []);
      return;
    }
    try {
      await handle(message);
    } catch (error) {
      const { code, message: text } = toMlError(error);
      deps.post({ kind: 'error', id: message.id, request: message.kind, code, message: text }, []);
    }
  };
}

/** One request's share of an embedder's running totals. */
function stagesSince(before: Readonly<EmbedStats>, after: Readonly<EmbedStats>): EmbedStages {
  return {
    runs: after.runs - before.runs,
    tokens: after.tokens - before.tokens,
    paddedTokens: after.paddedTokens - before.paddedTokens,
    tokenizeMs: after.tokenizeMs - before.tokenizeMs,
    runMs: after.runMs - before.runMs,
    poolMs: after.poolMs - before.poolMs,
    totalMs: after.totalMs - before.totalMs,
  };
}

/** The subset of a DedicatedWorkerGlobalScope the worker body uses. */
export interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

/** Wires the handler to a worker global scope (`attachWorker(self)` in the worker entry). */
export function attachWorker(scope: WorkerScope, deps: Omit<WorkerDeps, 'post'> = {}): void {
  const handler = createWorkerHandler({ ...deps, post: (message, transfer) => scope.postMessage(message, transfer) });
  scope.onmessage = (event) => void handler(event.data);
}
