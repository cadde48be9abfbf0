/**
 * Entry of the dedicated LLM Worker (src/ml/llm/create-llm-worker.ts). Its own worker, apart from
 * the embedding worker: terminating it when the LLM is switched off gives all its memory back.
 * Model files come from the user's downloads (Cache Storage) or the package, sha256-checked.
 */
import { env } from '@huggingface/transformers';
import { fetchFileSource } from '../integrity';
import { cacheThenFetchSource, openModelCache, readOnlyModelCache } from '../model-store';
import { configureRuntime } from '../runtime';
import type { WorkerScope } from '../worker';
import { attachLlmWorker } from './llm-worker';

// Attached synchronously: a top-level await would drop the host's first message (init).
let opened: Promise<Cache> | undefined;
const cache = { match: async (req: RequestInfo | URL) => (await (opened ??= openModelCache())).match(req) } as Cache;
attachLlmWorker(self as unknown as WorkerScope, {
  configure: (config) => {
    configureRuntime(config);
    env.useCustomCache = true;
    env.customCache = readOnlyModelCache(cache, config.localModelPath);
  },
  sourceFor: (config) => cacheThenFetchSource(cache, fetchFileSource(config.localModelPath)),
});
