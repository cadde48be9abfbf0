import type { ModelFileSource } from './integrity';

/** Cache Storage bucket holding models the user downloaded (the package itself is read-only). */
export const MODEL_CACHE = 'localrank-models-v1';

/**
 * Cache Storage takes only http(s) keys, so a downloaded file is stored under a fixed, never-fetched
 * https key that mirrors its would-be package path (`.invalid` cannot resolve: RFC 2606).
 */
const KEY_BASE = 'https://localrank.invalid/models/';

/** Cache key of a downloaded model file. */
export const cacheKey = (id: string, path: string): string => `${KEY_BASE}${id}/${path}`;

export async function openModelCache(): Promise<Cache> {
  return caches.open(MODEL_CACHE);
}

/** The cache key for a package URL under `localModelPath`, or undefined for other URLs. */
function keyForPackageUrl(url: string, localModelPath: string): string | undefined {
  const base = localModelPath.endsWith('/') ? localModelPath : `${localModelPath}/`;
  return url.startsWith(base) ? KEY_BASE + url.slice(base.length) : undefined;
}

/**
 * transformers.js custom cache: it looks every model file up under its package URL before
 * fetching it; we answer from the downloads, and never store (only verified downloads are stored).
 */
export function readOnlyModelCache(cache: Cache, localModelPath: string): Pick<Cache, 'match' | 'put'> {
  return {
    match: async (req) => {
      const key = keyForPackageUrl(typeof req === 'string' ? req : req instanceof URL ? req.href : req.url, localModelPath);
      return key ? cache.match(key) : undefined;
    },
    put: async () => undefined,
  };
}

/** Files are read from the downloads first, then from the package. */
export function cacheThenFetchSource(cache: Cache, fallback: ModelFileSource): ModelFileSource {
  return {
    description: `${fallback.description} (or downloaded models)`,
    async read(path) {
      const hit = await cache.match(KEY_BASE + path);
      return hit ? new Uint8Array(await hit.arrayBuffer()) : fallback.read(path);
    },
  };
}
