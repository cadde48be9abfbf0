import { filesFor, getModel } from '../../models/registry';
import type { ModelEntry, ModelFile } from '../../models/registry';
import { sha256Hex } from './integrity';

export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

/** Where a file comes from: the hub at the pinned revision, or a mirror laid out `<id>/<path>`. */
export function sourceUrl(model: ModelEntry, file: ModelFile, mirror: string | null): string {
  if (mirror) return `${mirror.replace(/\/$/, '')}/${model.id}/${file.path}`;
  if (!model.repo || !model.revision) throw new Error(`${model.id} has no hub repository to download from.`);
  return `https://huggingface.co/${model.repo}/resolve/${model.revision}/${file.path}`;
}

/** The files a download needs: those of the dtypes the browser backends use. */
export function downloadFiles(model: ModelEntry): ModelFile[] {
  const seen = new Map<string, ModelFile>();
  for (const dtype of new Set([model.dtype.wasm, model.dtype.webgpu])) for (const f of filesFor(model, dtype)) seen.set(f.path, f);
  return [...seen.values()];
}

async function readAll(res: Response, onChunk: (n: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
  const reader = res.body!.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    if (signal?.aborted) throw new Error('Download cancelled.');
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.byteLength;
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

/**
 * Download a registry model on the user's click: every file is checked against its pinned size and
 * sha256 before anything is stored, so a failed or tampered download leaves nothing behind.
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
  },
): Promise<void> {
  const model = getModel(id);
  const files = opts.files ?? downloadFiles(model);
  const unknown = files.filter((f) => !f.sha256 || f.size === null);
  if (unknown.length) throw new Error(`${id}: no pinned hash for ${unknown.map((f) => f.path).join(', ')}; refusing to download unverifiable files.`);
  const total = files.reduce((s, f) => s + (f.size ?? 0), 0);
  let done = 0;
  const verified: [ModelFile, Uint8Array][] = [];
  for (const file of files) {
    const res = await fetch(sourceUrl(model, file, opts.mirror), { credentials: 'omit', cache: 'no-store', ...(opts.signal ? { signal: opts.signal } : {}) });
    if (!res.ok || !res.body) throw new Error(`${file.path}: HTTP ${res.status}`);
    const bytes = await readAll(res, (n) => opts.onProgress({ file: file.path, loaded: done + n, total }), opts.signal);
    if (bytes.byteLength !== file.size) throw new Error(`${file.path} is ${bytes.byteLength} bytes, expected ${file.size}: not stored.`);
    if ((await sha256Hex(bytes)) !== file.sha256) throw new Error(`${file.path} failed its sha256 check: not stored.`);
    done += bytes.byteLength;
    verified.push([file, bytes]);
  }
  for (const [file, bytes] of verified) {
    await opts.cache.put(opts.keyFor(id, file.path), new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-length': String(bytes.byteLength) } }));
  }
}

/** Remove a downloaded model; returns how many files were deleted. */
export async function deleteModel(id: string, cache: Cache, keyFor: (id: string, path: string) => string): Promise<number> {
  const model = getModel(id);
  let n = 0;
  for (const f of model.files) if (await cache.delete(keyFor(id, f.path))) n++;
  return n;
}

/** Are all files of a model (or just `only`) downloaded? */
export async function isDownloaded(id: string, cache: Cache, keyFor: (id: string, path: string) => string, only?: readonly ModelFile[]): Promise<boolean> {
  const files = only ?? downloadFiles(getModel(id));
  for (const f of files) if (!(await cache.match(keyFor(id, f.path)))) return false;
  return files.length > 0;
}
