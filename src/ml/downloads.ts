import { filesFor, getModel } from '../../models/registry';
import { announceModelsChanged } from './models-changed';
import type { ModelEntry, ModelFile } from '../../models/registry';
import { DEFAULT_HUB, expectedFiles, fetchListing, gitBlobSha1, VerificationError, type ExpectedFile } from './hub-listing.mjs';
import { sha256Hex } from './integrity';
import { HASHES_FILE, parseRecord, recordBytes } from './recorded-hashes';

export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

/** Where a file comes from: the hub at the pinned revision, or a mirror laid out `<id>/<path>`. */
export function sourceUrl(model: ModelEntry, file: Pick<ModelFile, 'path'>, mirror: string | null): string {
  if (mirror) return `${mirror.replace(/\/$/, '')}/${model.id}/${file.path}`;
  if (!model.repo || !model.revision) throw new Error(`${model.id} has no hub repository to download from.`);
  return `${DEFAULT_HUB}/${model.repo}/resolve/${model.revision}/${file.path}`;
}

/** The files a download needs: those of the dtypes the browser backends use. */
export function downloadFiles(model: ModelEntry): ModelFile[] {
  const seen = new Map<string, ModelFile>();
  for (const dtype of new Set([model.dtype.wasm, model.dtype.webgpu])) for (const f of filesFor(model, dtype)) seen.set(f.path, f);
  return [...seen.values()];
}

/** The whole body, read until `max` bytes at most: a server sending more is stopped there, not held in memory. */
export async function readAll(res: Response, onChunk: (n: number) => void, signal?: AbortSignal, max = Infinity): Promise<Uint8Array> {
  const reader = res.body!.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    if (signal?.aborted) throw new Error('Download cancelled.');
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`more than the expected ${max} bytes were sent: stopped, not stored.`);
    }
    onChunk(size);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** How a download was verified, file by file (for the options page). */
export interface DownloadResult {
  files: { path: string; size: number; sha256: string; by: ExpectedFile['by'] }[];
}

/** The files the registry pins (size and sha256) and those it leaves to the hub's file list. */
export function pinning(files: readonly ModelFile[]): { pinned: ModelFile[]; listed: ModelFile[] } {
  const isPinned = (f: ModelFile) => f.sha256 !== null && f.size !== null;
  return { pinned: files.filter(isPinned), listed: files.filter((f) => !isPinned(f)) };
}

/**
 * What every file must be. Pinned files need nothing more; when any file is not pinned, the hub's
 * file list for the pinned commit is read (from a mirror, at the same path, only when the user
 * accepted that mirror's list) and every file it names must agree with it (src/ml/hub-listing.mjs).
 */
async function expectations(model: ModelEntry, files: readonly ModelFile[], mirror: string | null, init: RequestInit, trustMirrorList: boolean): Promise<ExpectedFile[]> {
  const { listed } = pinning(files);
  if (!listed.length) return expectedFiles(model.id, model.revision, files, null);
  if (model.source !== 'hub' || !model.repo) throw new VerificationError(`${model.id}: some files have no pinned sha256 and the model has no hub repository to list them`);
  // A mirror that serves tampered files could serve a matching list: its list counts only when the
  // user said so (pinned files are checked against the registry whatever the mirror says).
  if (mirror && !trustMirrorList) {
    throw new VerificationError(
      `${model.id}: ${listed.map((f) => f.path).join(', ')} are not pinned by LocalRank, and from a mirror they can only be checked against the mirror's own file list; accept that list explicitly, or download from the Hugging Face hub`,
    );
  }
  const listing = await fetchListing({ base: mirror ?? DEFAULT_HUB, repo: model.repo, revision: model.revision, init });
  return expectedFiles(model.id, model.revision, files, listing);
}

/**
 * Download a registry model on the user's click. Every file is checked before anything is stored
 * — size and sha256 pinned by the registry, or, for a file the registry does not pin, size and hash
 * from the hub's file list for the pinned commit (sha256 for LFS files, git blob SHA-1 for others)
 * — so a failed or tampered download leaves nothing behind. The sha256 of every file is then
 * recorded beside the files, and the model worker checks them against it at every load.
 */
export async function downloadModel(
  id: string,
  opts: {
    cache: Cache;
    keyFor: (id: string, path: string) => string;
    mirror: string | null;
    onProgress: (p: DownloadProgress) => void;
    signal?: AbortSignal;
    /** Only these files (an LLM needs just its backend's weights, 270+ MB each); default all browser dtypes. */
    files?: readonly ModelFile[];
    /** With a mirror: accept its file list for the files the registry does not pin (the user's explicit choice). */
    trustMirrorList?: boolean;
  },
): Promise<DownloadResult> {
  const model = getModel(id);
  const files = opts.files ?? downloadFiles(model);
  const init: RequestInit = { credentials: 'omit', cache: 'no-store', ...(opts.signal ? { signal: opts.signal } : {}) };
  const expected = await expectations(model, files, opts.mirror, init, opts.trustMirrorList === true);
  const total = expected.reduce((s, f) => s + f.size, 0);
  let done = 0;
  const verified: [ExpectedFile, Uint8Array, string][] = [];
  for (const file of expected) {
    const res = await fetch(sourceUrl(model, file, opts.mirror), init);
    if (!res.ok || !res.body) throw new Error(`${file.path}: HTTP ${res.status}`);
    const bytes = await readAll(res, (n) => opts.onProgress({ file: file.path, loaded: done + n, total }), opts.signal, file.size).catch((e: unknown) => {
      throw new Error(`${file.path}: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (bytes.byteLength !== file.size) throw new VerificationError(`${file.path} is ${bytes.byteLength} bytes, expected ${file.size}: nothing stored.`);
    const sha256 = await sha256Hex(bytes);
    if (file.sha256 !== null && sha256 !== file.sha256) throw new VerificationError(`${file.path} failed its sha256 check: nothing stored.`);
    if (file.gitOid !== null && (await gitBlobSha1(bytes)) !== file.gitOid) throw new VerificationError(`${file.path} does not match the git blob hash in the hub's file list for commit ${model.revision}: nothing stored.`);
    done += bytes.byteLength;
    verified.push([file, bytes, sha256]);
  }
  for (const [file, bytes] of verified) {
    await opts.cache.put(opts.keyFor(id, file.path), new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.byteLength) } }));
  }
  const recorded = Object.fromEntries(verified.map(([f, bytes, sha256]) => [f.path, { size: bytes.byteLength, sha256, by: f.by }]));
  const previous = parseRecord(await readCached(opts.cache, opts.keyFor(id, HASHES_FILE)), model);
  await opts.cache.put(opts.keyFor(id, HASHES_FILE), new Response(recordBytes(model, previous, recorded) as Uint8Array<ArrayBuffer>));
  announceModelsChanged();
  return { files: verified.map(([f, bytes, sha256]) => ({ path: f.path, size: bytes.byteLength, sha256, by: f.by })) };
}

async function readCached(cache: Cache, key: string): Promise<Uint8Array | null> {
  const hit = await cache.match(key);
  return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
}

/** Remove a downloaded model; returns how many files were deleted. */
export async function deleteModel(id: string, cache: Cache, keyFor: (id: string, path: string) => string): Promise<number> {
  const model = getModel(id);
  let n = 0;
  for (const f of model.files) if (await cache.delete(keyFor(id, f.path))) n++;
  await cache.delete(keyFor(id, HASHES_FILE));
  announceModelsChanged();
  return n;
}

/**
 * Are all files of a model (or just `only`) downloaded — and, for files the registry does not pin,
 * their hashes recorded by a verified download (without them the worker would refuse to load)?
 */
export async function isDownloaded(id: string, cache: Cache, keyFor: (id: string, path: string) => string, only?: readonly ModelFile[]): Promise<boolean> {
  const model = getModel(id);
  const files = only ?? downloadFiles(model);
  for (const f of files) if (!(await cache.match(keyFor(id, f.path)))) return false;
  const { listed } = pinning(files);
  if (listed.length) {
    const record = parseRecord(await readCached(cache, keyFor(id, HASHES_FILE)), model);
    if (!listed.every((f) => record?.files[f.path])) return false;
  }
  return files.length > 0;
}
