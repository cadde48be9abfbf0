import type { ModelEntry } from '../../models/registry';

/**
 * The hashes a verified download recorded, stored with the model's files (in Cache Storage beside
 * them, or by scripts/fetch-models.mjs in the model folder). Files the registry does not pin are
 * checked against these at every later load, as pinned files are checked against the registry.
 */
export const HASHES_FILE = 'localrank-verified.json';

export interface RecordedFile {
  readonly size: number;
  readonly sha256: string;
  /** Who vouched for the file at download: the registry's pin, the hub's list for the commit, or both. */
  readonly by: 'registry' | 'listing' | 'registry+listing';
}

export interface RecordedHashes {
  readonly model: string;
  readonly revision: string | null;
  readonly files: Readonly<Record<string, RecordedFile>>;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The record for `entry` in `bytes`, or null when absent, malformed or for another model or revision. */
export function parseRecord(bytes: Uint8Array | null, entry: Pick<ModelEntry, 'id' | 'revision'>): RecordedHashes | null {
  if (!bytes) return null;
  let r: RecordedHashes;
  try {
    r = JSON.parse(new TextDecoder().decode(bytes)) as RecordedHashes;
  } catch {
    return null;
  }
  if (!r || r.model !== entry.id || r.revision !== entry.revision || typeof r.files !== 'object' || !r.files) return null;
  // No prototype: a path such as "__proto__" or "constructor" is only ever its own entry.
  const files: Record<string, RecordedFile> = Object.create(null) as Record<string, RecordedFile>;
  for (const [path, f] of Object.entries(r.files)) {
    if (f && Number.isSafeInteger(f.size) && typeof f.sha256 === 'string' && HEX64.test(f.sha256)) files[path] = { size: f.size, sha256: f.sha256, by: f.by };
  }
  return { model: r.model, revision: r.revision, files };
}

/** `previous` (same model and revision) with `files` added or replaced, as bytes to store. */
export function recordBytes(entry: Pick<ModelEntry, 'id' | 'revision'>, previous: RecordedHashes | null, files: Record<string, RecordedFile>): Uint8Array {
  const record: RecordedHashes = { model: entry.id, revision: entry.revision, files: { ...(previous?.files ?? {}), ...files } };
  return new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`);
}
