import type { WorkerLike } from './client';

/** The model worker, as a module Worker bundled by Vite from src/ml/worker-entry.ts. */
export function createModelWorker(): WorkerLike {
  return new Worker(new URL('./worker-entry.ts', import.meta.url), { type: 'module', name: 'localrank-model' }) as unknown as WorkerLike;
}
