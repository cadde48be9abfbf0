// @vitest-environment node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { filesFor, getModel } from '../../../models/registry';
import { downloadModel, deleteModel, isDownloaded, readAll } from '../../../src/ml/downloads';
import { fetchFileSource, verifyModelFiles } from '../../../src/ml/integrity';
import { cacheKey, cacheThenFetchSource } from '../../../src/ml/model-store';
import { HASHES_FILE, parseRecord } from '../../../src/ml/recorded-hashes';
import { hubListing } from '../../e2e/model-mirror';
import { MODELS_DIR, TINY_LM } from './helpers';

/** The test entry shaped like SmolLM2's: a pinned commit, onnx/model.onnx pinned, the rest not. */
const HUB_LM = 'localrank-test/tiny-lm-hub';
const MIRROR = 'http://mirror.test';
const entry = getModel(HUB_LM);
const files = [...new Set([...filesFor(entry, 'q8'), ...filesFor(entry, 'fp32')])];

/** Cache Storage stand-in: bytes by key. */
function fakeCache() {
  const m = new Map<string, Uint8Array>();
  const cache = {
    put: async (key: string, res: Response) => void m.set(key, new Uint8Array(await res.arrayBuffer())),
    match: async (key: string) => (m.has(key) ? new Response(m.get(key)! as Uint8Array<ArrayBuffer>) : undefined),
    delete: async (key: string) => m.delete(key),
  };
  return { cache: cache as unknown as Cache, m };
}

/** The mirror as a fetch: the tiny LM's files under the test entry's id, and a hub-style file list. */
function fakeMirror(opts: { listing?: (l: { path: string; size: number; lfs?: { size: number } }[]) => unknown; tamper?: string } = {}) {
  const requests: string[] = [];
  const fetch = vi.fn(async (url: string | URL) => {
    const u = new URL(url);
    requests.push(u.pathname);
    if (u.pathname === `/api/models/${entry.repo}/tree/${entry.revision}`) {
      const l = hubListing(path.join(MODELS_DIR, TINY_LM)) as { path: string; size: number }[];
      return Response.json(opts.listing ? opts.listing(l) : l);
    }
    const file = u.pathname.slice(`/${HUB_LM}/`.length);
    const bytes = new Uint8Array(readFileSync(path.join(MODELS_DIR, TINY_LM, file)));
    if (file === opts.tamper) bytes[bytes.length >> 1]! ^= 1;
    return new Response(bytes);
  });
  return { fetch, requests };
}

const download = (cache: Cache, only = files) => downloadModel(HUB_LM, { cache, keyFor: cacheKey, mirror: MIRROR, files: only, trustMirrorList: true, onProgress: () => undefined });
const noPackage = fetchFileSource('http://package.invalid/', (async () => new Response('', { status: 404 })) as unknown as typeof fetch);

describe('downloading a model with unpinned files', () => {
  afterEach(() => vi.unstubAllGlobals());
  let cache: ReturnType<typeof fakeCache>;
  beforeEach(() => (cache = fakeCache()));

  it('verifies them against the hub file list of the pinned commit, stores them with their hashes, and the load check uses those', async () => {
    const mirror = fakeMirror();
    vi.stubGlobal('fetch', mirror.fetch);
    const progress: number[] = [];
    const done = await downloadModel(HUB_LM, { cache: cache.cache, keyFor: cacheKey, mirror: MIRROR, files, trustMirrorList: true, onProgress: (p) => progress.push(p.total) });
    expect(mirror.requests[0]).toBe(`/api/models/localrank-test/tiny-lm-hub/tree/${entry.revision}`);
    expect(Object.fromEntries(done.files.map((f) => [f.path, f.by]))).toMatchObject({ 'config.json': 'listing', 'onnx/model.onnx': 'registry+listing', 'onnx/model_quantized.onnx': 'listing' });
    expect(progress.at(-1)).toBe(done.files.reduce((s, f) => s + f.size, 0));
    const record = JSON.parse(new TextDecoder().decode(cache.m.get(cacheKey(HUB_LM, HASHES_FILE))!));
    expect(record).toMatchObject({ model: HUB_LM, revision: entry.revision });
    expect(Object.keys(record.files).sort()).toEqual(files.map((f) => f.path).sort());
    expect(record.files['tokenizer.json'].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await isDownloaded(HUB_LM, cache.cache, cacheKey, files)).toBe(true);

    // Every later load checks the unpinned files against what was recorded.
    const source = cacheThenFetchSource(cache.cache, noPackage);
    await expect(verifyModelFiles(entry, filesFor(entry, 'q8'), source)).resolves.toBeUndefined();
    const key = cacheKey(HUB_LM, 'tokenizer.json');
    const bytes = cache.m.get(key)!.slice();
    bytes[10]! ^= 1;
    cache.m.set(key, bytes);
    await expect(verifyModelFiles(entry, filesFor(entry, 'q8'), source)).rejects.toMatchObject({ code: 'integrity', message: expect.stringMatching(/tokenizer\.json has sha256 \w+, expected \w+/) });
  });

  it('is not "downloaded" while the hashes of its unpinned files are not recorded, and forgets them on delete', async () => {
    vi.stubGlobal('fetch', fakeMirror().fetch);
    await download(cache.cache);
    cache.m.delete(cacheKey(HUB_LM, HASHES_FILE));
    expect(await isDownloaded(HUB_LM, cache.cache, cacheKey, files)).toBe(false);
    await download(cache.cache);
    expect(await deleteModel(HUB_LM, cache.cache, cacheKey)).toBe(files.length);
    expect(cache.m.size).toBe(0);
  });

  it.each([
    ['a plain file (git blob hash)', 'config.json', /config\.json does not match the git blob hash in the hub's file list for commit ed27954\w+: nothing stored/],
    ['an LFS file (sha256)', 'onnx/model_quantized.onnx', /model_quantized\.onnx failed its sha256 check: nothing stored/],
    ['a pinned file', 'onnx/model.onnx', /model\.onnx failed its sha256 check: nothing stored/],
  ])('refuses a tampered byte in %s and stores nothing', async (_what, tamper, message) => {
    vi.stubGlobal('fetch', fakeMirror({ tamper }).fetch);
    await expect(download(cache.cache)).rejects.toThrow(message);
    expect(cache.m.size).toBe(0);
  });

  it('refuses when the list contradicts a file the registry pins, before downloading anything', async () => {
    const mirror = fakeMirror({ listing: (l) => l.map((e) => (e.path === 'onnx/model.onnx' ? { ...e, size: e.size + 1, lfs: { ...e.lfs!, size: e.size + 1 } } : e)) });
    vi.stubGlobal('fetch', mirror.fetch);
    await expect(download(cache.cache)).rejects.toThrow(/onnx\/model\.onnx is pinned as 6473775 B .* says 6473776 B .*; refusing/);
    expect(mirror.requests).toHaveLength(1);
    expect(cache.m.size).toBe(0);
  });

  it("from a mirror, refuses unpinned files unless the user accepted the mirror's own list, and asks the mirror nothing", async () => {
    const mirror = fakeMirror();
    vi.stubGlobal('fetch', mirror.fetch);
    await expect(downloadModel(HUB_LM, { cache: cache.cache, keyFor: cacheKey, mirror: MIRROR, files, onProgress: () => undefined })).rejects.toThrow(
      /are not pinned by LocalRank, and from a mirror they can only be checked against the mirror's own file list/,
    );
    expect(mirror.requests).toEqual([]);
    expect(cache.m.size).toBe(0);
  });

  it('refuses an unpinned file the list does not name', async () => {
    vi.stubGlobal('fetch', fakeMirror({ listing: (l) => l.filter((e) => e.path !== 'tokenizer.json') }).fetch);
    await expect(download(cache.cache)).rejects.toThrow(/tokenizer\.json has no pinned sha256 and is not in the hub's file list/);
    expect(cache.m.size).toBe(0);
  });

  it('refuses a malformed list, saying so', async () => {
    vi.stubGlobal('fetch', fakeMirror({ listing: () => ({ error: 'rate limited' }) }).fetch);
    await expect(download(cache.cache)).rejects.toThrow(/file list at http:\/\/mirror\.test\/api\/models\/localrank-test\/tiny-lm-hub\/tree\/ed27954\w+\?recursive=true is malformed: expected a JSON array/);
    expect(cache.m.size).toBe(0);
  });

  it('reads no file list for a model whose files are all pinned', async () => {
    const mirror = fakeMirror();
    vi.stubGlobal('fetch', vi.fn(async (url: string) => new Response(new Uint8Array(readFileSync(path.join(MODELS_DIR, new URL(url).pathname.slice(1)))))));
    const pinnedOnly = filesFor(getModel(TINY_LM), 'q8');
    const done = await downloadModel(TINY_LM, { cache: cache.cache, keyFor: cacheKey, mirror: MIRROR, files: pinnedOnly, onProgress: () => undefined });
    expect(done.files.every((f) => f.by === 'registry')).toBe(true);
    expect(mirror.requests).toEqual([]);
  });
});

describe('the load check without a verified download', () => {
  const source = (m: Map<string, Uint8Array>) => ({ description: 'test', read: async (p: string) => m.get(p) ?? null });
  const allFiles = () => new Map(filesFor(entry, 'q8').map((f) => [`${HUB_LM}/${f.path}`, new Uint8Array(readFileSync(path.join(MODELS_DIR, TINY_LM, f.path)))]));

  it('refuses unpinned files with no recorded hash', async () => {
    await expect(verifyModelFiles(entry, filesFor(entry, 'q8'), source(allFiles()))).rejects.toMatchObject({
      code: 'integrity',
      message: expect.stringMatching(/config\.json has no pinned sha256 and no hash recorded by a verified download; refusing to load it/),
    });
  });

  it('ignores hashes recorded for another revision', async () => {
    const m = allFiles();
    const cache = fakeCache();
    vi.stubGlobal('fetch', fakeMirror().fetch);
    await download(cache.cache);
    vi.unstubAllGlobals();
    const record = JSON.parse(new TextDecoder().decode(cache.m.get(cacheKey(HUB_LM, HASHES_FILE))!));
    m.set(`${HUB_LM}/${HASHES_FILE}`, new TextEncoder().encode(JSON.stringify({ ...record, revision: 'f'.repeat(40) })));
    await expect(verifyModelFiles(entry, filesFor(entry, 'q8'), source(m))).rejects.toMatchObject({ code: 'integrity' });
    m.set(`${HUB_LM}/${HASHES_FILE}`, new TextEncoder().encode(JSON.stringify(record)));
    await expect(verifyModelFiles(entry, filesFor(entry, 'q8'), source(m))).resolves.toBeUndefined();
  });
});

describe('reading a download', () => {
  it('stops a body longer than the expected size as soon as it passes it, keeping nothing', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1000)); // never ends on its own
      },
    });
    const seen: number[] = [];
    await expect(readAll(new Response(body), (n) => seen.push(n), undefined, 2500)).rejects.toThrow(/more than the expected 2500 bytes were sent: stopped, not stored/);
    expect(seen).toEqual([1000, 2000]);
    expect(pulled).toBeLessThan(10);
  });

  it('reads a body of the expected size whole', async () => {
    expect((await readAll(new Response(new Uint8Array(2500)), () => undefined, undefined, 2500)).byteLength).toBe(2500);
  });
});

describe('the recorded hashes', () => {
  it('keep a path named like an Object property as its own entry only', () => {
    const entry = { id: 'm', revision: 'r' };
    const sha = 'a'.repeat(64);
    const bytes = new TextEncoder().encode(JSON.stringify({ model: 'm', revision: 'r', files: { 'config.json': { size: 1, sha256: sha, by: 'listing' } } }));
    const r = parseRecord(bytes, entry)!;
    expect(r.files['config.json']).toEqual({ size: 1, sha256: sha, by: 'listing' });
    expect(r.files['constructor']).toBeUndefined();
    expect(r.files['toString']).toBeUndefined();
    const odd = parseRecord(new TextEncoder().encode('{"model":"m","revision":"r","files":{"__proto__":{"size":2,"sha256":"' + sha + '","by":"listing"}}}'), entry)!;
    expect(Object.keys(odd.files)).toEqual(['__proto__']);
    expect(odd.files['__proto__']).toEqual({ size: 2, sha256: sha, by: 'listing' });
  });
});
