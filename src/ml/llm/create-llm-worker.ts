import type { WorkerLike } from '../client';

/** The LLM worker, a module Worker bundled by Vite from llm-worker-entry.ts. */
export function createLlmWorker(): WorkerLike {
  return new Worker(new URL('./llm-worker-entry.ts', import.meta.url), { type: 'module', name: 'localrank-llm' }) as unknown as WorkerLike;
}
