import type { WorkerLike } from '../../../src/ml/client';
import { createLlmWorkerHandler } from '../../../src/ml/llm/llm-worker';
import type { LlmRequest } from '../../../src/ml/llm/llm-protocol';
import { nodeFileSource } from '../../../src/ml/node-file-source';
import { configureRuntime } from '../../../src/ml/runtime';
import { MODELS_DIR } from '../ml/helpers';

export type FakeLlmWorker = WorkerLike & { terminated: boolean; backend: string };

/**
 * The real LLM worker handler in-process, on onnxruntime-node: messages cross as structured
 * clones on later tasks, like a real Worker. The backend the host asked for is recorded and run
 * as `node` (ORT-web's WASM/WebGPU do not run under vitest; the browser e2e covers them).
 */
export function inProcessLlmWorker(): FakeLlmWorker {
  const fake: FakeLlmWorker = {
    terminated: false,
    backend: '',
    onmessage: null,
    onerror: null,
    postMessage(message: unknown) {
      const m = structuredClone(message) as LlmRequest;
      if (m.kind === 'init') {
        fake.backend = m.config.backend;
        (m as { config: object }).config = { ...m.config, backend: 'node', localModelPath: `${MODELS_DIR}/` };
      }
      setTimeout(() => !fake.terminated && void handler(m), 0);
    },
    terminate() {
      fake.terminated = true;
    },
  };
  const handler = createLlmWorkerHandler({
    configure: configureRuntime,
    sourceFor: () => nodeFileSource(MODELS_DIR),
    post: (message) => {
      const copy = structuredClone(message);
      setTimeout(() => !fake.terminated && fake.onmessage?.({ data: copy }), 0);
    },
  });
  return fake;
}

/** A worker that answers init, then never again (a hung WASM call), or fails on WebGPU only. */
export function scriptedLlmWorker(script: 'hang' | 'gpu-fails', log: string[] = []): FakeLlmWorker {
  const w: FakeLlmWorker = {
    terminated: false,
    backend: '',
    onmessage: null,
    onerror: null,
    terminate: () => void ((w.terminated = true), log.push('terminate')),
    postMessage(message: unknown) {
      const m = message as LlmRequest;
      const reply = (data: unknown) => setTimeout(() => !w.terminated && w.onmessage?.({ data }), 0);
      if (m.kind === 'init') {
        w.backend = m.config.backend;
        log.push(`init ${w.backend}`);
        return reply({ kind: 'init', id: m.id });
      }
      if (m.kind === 'cancel') return log.push('cancel');
      if (script === 'hang') return;
      if (m.kind === 'generate' && w.backend === 'webgpu') return reply({ kind: 'error', id: m.id, request: 'generate', code: 'load-failed', message: 'GPU device lost' });
      if (m.kind === 'generate') return reply({ kind: 'generate', id: m.id, text: 'ok', newTokens: 1, promptTokens: 5, reusedTokens: 0, stopped: 'eos', ttftMs: 1, prefillMs: 1, decodeMs: 0 });
      return reply({ kind: 'error', id: m.id, request: m.kind, code: 'internal', message: 'unexpected' });
    },
  };
  return w;
}
