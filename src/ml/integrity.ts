import type { ModelEntry, ModelFile } from '../../models/registry';
import { MlError } from './errors';

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
 * Checks that every file is present and, where the registry knows them, has the expected
 * size and sha256. Throws `missing-file` or `integrity` naming the file; loads nothing.
 */
export async function verifyModelFiles(
  entry: ModelEntry,
  files: readonly ModelFile[],
  source: ModelFileSource,
): Promise<void> {
  for (const file of files) {
    const bytes = await source.read(`${entry.id}/${file.path}`);
    if (bytes === null) {
      throw new MlError('missing-file', `model ${entry.id}: file ${file.path} is missing from ${source.description}`);
    }
    if (file.size !== null && bytes.byteLength !== file.size) {
      throw new MlError('integrity', `model ${entry.id}: ${file.path} is ${bytes.byteLength} bytes, expected ${file.size}; refusing to load it`);
    }
    if (file.sha256 === null) continue;
    const actual = await sha256Hex(bytes);
    if (actual !== file.sha256) {
      throw new MlError('integrity', `model ${entry.id}: ${file.path} has sha256 ${actual}, expected ${file.sha256}; refusing to load it`);
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
