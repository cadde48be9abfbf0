import type { WorkerLike } from '../../../src/ml/client';
import { createWorkerHandler, type WorkerDeps } from '../../../src/ml/worker';

/**
 * An in-process Worker: messages cross as structured clones on later macrotasks, like a real
 * Worker, and the worker side is the real handler.
 */
export function inProcessWorker(deps: Omit<WorkerDeps, 'post'>): WorkerLike & { terminated: boolean } {
  const fake = {
    terminated: false,
    onmessage: null as WorkerLike['onmessage'],
    onerror: null as WorkerLike['onerror'],
    postMessage(message: unknown) {
      const copy = structuredClone(message);
      setTimeout(() => void handler(copy), 0);
    },
    terminate() {
      fake.terminated = true;
    },
  };
  const handler = createWorkerHandler({
    ...deps,
    post: (message) => {
      const copy = structuredClone(message);
      setTimeout(() => !fake.terminated && fake.onmessage?.({ data: copy }), 0);
    },
  });
  return fake;
}

/** A worker that never answers (a hung WASM call). */
export function silentWorker(): WorkerLike & { terminated: boolean } {
  return { terminated: false, onmessage: null, onerror: null, postMessage() {}, terminate() { this.terminated = true; } };
}
