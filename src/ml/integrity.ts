import type { ModelEntry, ModelFile } from '../../models/registry';
import { MlError } from './errors';
import { HASHES_FILE, parseRecord } from './recorded-hashes';

/** Reads model files by path relative to the model root (`<id>/<file>`); null when absent. */
export interface ModelFileSource {
  /** Where files come from, for error messages. */
  readonly description: string;
  read(path: string): Promise<Uint8Array | null>;
}

/** Lower-case hex sha256 of `bytes` (Web Crypto: workers, extension pages and Node 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks that every file is present and has the expected size and sha256: the registry's pin, or
 * for a file the registry does not pin, the hash recorded when its download was verified against
 * the hub's file list (src/ml/recorded-hashes.ts). A file with neither is refused: nothing loads
 * unchecked. Throws `missing-file` or `integrity` naming the file; loads nothing.
 */
export async function verifyModelFiles(
  entry: ModelEntry,
  files: readonly ModelFile[],
  source: ModelFileSource,
): Promise<void> {
  const unpinned = files.some((f) => f.sha256 === null || f.size === null);
  const record = unpinned ? parseRecord(await source.read(`${entry.id}/${HASHES_FILE}`), entry) : null;
  for (const file of files) {
    const kept = record?.files[file.path];
    const expected = file.sha256 !== null && file.size !== null ? { size: file.size, sha256: file.sha256 } : kept;
    const bytes = await source.read(`${entry.id}/${file.path}`);
    if (bytes === null) {
      throw new MlError('missing-file', `model ${entry.id}: file ${file.path} is missing from ${source.description}`);
    }
    if (!expected) {
      throw new MlError('integrity', `model ${entry.id}: ${file.path} has no pinned sha256 and no hash recorded by a verified download; refusing to load it (download the model again)`);
    }
    if (bytes.byteLength !== expected.size) {
      throw new MlError('integrity', `model ${entry.id}: ${file.path} is ${bytes.byteLength} bytes, expected ${expected.size}; refusing to load it`);
    }
    const actual = await sha256Hex(bytes);
    if (actual !== expected.sha256) {
      throw new MlError('integrity', `model ${entry.id}: ${file.path} has sha256 ${actual}, expected ${expected.sha256}; refusing to load it`);
    }
  }
}

/** A source over HTTP(S) or extension URLs: `<baseUrl><id>/<file>`; 404 means absent. */
export function fetchFileSource(baseUrl: string, fetchImpl: typeof fetch = fetch): ModelFileSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    description: base,
    async read(path) {
      let response: Response;
      try {
        response = await fetchImpl(new URL(path, base));
      } catch {
        return null; // extension URLs of absent files reject instead of answering 404
      }
      if (response.status === 404) return null;
      if (!response.ok) throw new MlError('load-failed', `reading ${base}${path}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
