import type { ModelFileSource } from './integrity';
import { HASHES_FILE } from './recorded-hashes';

/**
 * Model files read once: the worker verifies each file's sha256 before loading, and transformers.js
 * then asks for the same files again. Keeping the verified bytes and serving them to
 * transformers.js (once each) saves a second read of every file (23–118 MB for an encoder) at
 * cold start, and the bytes that load are exactly the bytes that were checked.
 */
export class VerifiedFiles {
  private readonly bytes = new Map<string, Uint8Array>();
  private model: string | undefined;

  /** `source`, remembering what it reads (model-root-relative paths `<id>/<file>`). */
  remember(source: ModelFileSource): ModelFileSource {
    return {
      description: source.description,
      read: async (path) => {
        const model = path.split('/').slice(0, 2).join('/'); // registry ids are `org/name`
        if (model !== this.model) this.bytes.clear(); // another model's load: drop what an earlier one left unread
        this.model = model;
        const bytes = await source.read(path);
        // The recorded hashes are read by the check alone: transformers.js never asks for them.
        if (bytes && !path.endsWith(`/${HASHES_FILE}`)) this.bytes.set(path, bytes);
        return bytes;
      },
    };
  }

  /** A transformers.js custom cache answering verified files under `localModelPath` first (each once), then `fallback`. */
  cache(localModelPath: string, fallback: Pick<Cache, 'match' | 'put'>): Pick<Cache, 'match' | 'put'> {
    const base = localModelPath.endsWith('/') ? localModelPath : `${localModelPath}/`;
    return {
      match: async (req: RequestInfo | URL) => {
        const url = typeof req === 'string' ? req : req instanceof URL ? req.href : req.url;
        const path = url.startsWith(base) ? url.slice(base.length) : undefined;
        const hit = path === undefined ? undefined : this.bytes.get(path);
        if (!hit) return fallback.match(req);
        this.bytes.delete(path!);
        return new Response(hit as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(hit.byteLength) } });
      },
      put: (req: RequestInfo | URL, res: Response) => fallback.put(req, res),
    };
  }

  /** Bytes held now (for tests). */
  get held(): number {
    return this.bytes.size;
  }
}
