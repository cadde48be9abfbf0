/**
 * Entry of the dedicated model Worker. The host creates it with
 * `new Worker(new URL('../src/ml/worker-entry.ts', import.meta.url), { type: 'module' })`
 * and talks to it through ModelClient (src/ml/client.ts).
 */
import { env } from '@huggingface/transformers';
import { fetchFileSource } from './integrity';
import { cacheThenFetchSource, openModelCache, readOnlyModelCache } from './model-store';
import { configureRuntime } from './runtime';
import { VerifiedFiles } from './verified-files';
import { attachWorker, type WorkerScope } from './worker';

// Models the user downloaded live in Cache Storage under their would-be package URLs; bundled ones
// in the package. Both are verified against the registry before loading.
// The handler is attached synchronously: a top-level await here would drop the host's first
// messages (init), which arrive before the module finishes evaluating.
const cache = lazyCache();
// Files are read once: verified, then handed to transformers.js from memory (src/ml/verified-files.ts).
const verified = new VerifiedFiles();
attachWorker(self as unknown as WorkerScope, {
  configure: (config) => {
    configureRuntime(config);
    env.useCustomCache = true;
    env.customCache = verified.cache(config.localModelPath, readOnlyModelCache(cache, config.localModelPath));
  },
  sourceFor: (config) => verified.remember(cacheThenFetchSource(cache, fetchFileSource(config.localModelPath))),
});

/** A Cache whose opening is deferred to the first use. */
function lazyCache(): Cache {
  let opened: Promise<Cache> | undefined;
  const get = () => (opened ??= openModelCache());
  return {
    match: async (req: RequestInfo | URL) => (await get()).match(req),
  } as Cache;
}
