/**
 * Entry of the dedicated model Worker. The host creates it with
 * `new Worker(new URL('../src/ml/worker-entry.ts', import.meta.url), { type: 'module' })`
 * and talks to it through ModelClient (src/ml/client.ts).
 */
import { env } from '@huggingface/transformers';
import { fetchFileSource } from './integrity';
import { cacheThenFetchSource, openModelCache, readOnlyModelCache } from './model-store';
import { configureRuntime } from './runtime';
import { attachWorker, type WorkerScope } from './worker';

// Models the user downloaded live in Cache Storage under their would-be package URLs; bundled ones
// in the package. Both are verified against the registry before loading.
// The handler is attached synchronously: a top-level await here would drop the host's first
// messages (init), which arrive before the module finishes evaluating.
const cache = lazyCache();
attachWorker(self as unknown as WorkerScope, {
  configure: (config) => {
    configureRuntime(config);
    env.useCustomCache = true;
    env.customCache = readOnlyModelCache(cache, config.localModelPath);
  },
  sourceFor: (config) => cacheThenFetchSource(cache, fetchFileSource(config.localModelPath)),
});

/** A Cache whose opening is deferred to the first use. */
function lazyCache(): Cache {
  let opened: Promise<Cache> | undefined;
  const get = () => (opened ??= openModelCache());
  return {
    match: async (req: RequestInfo | URL) => (await get()).match(req),
  } as Cache;
}
