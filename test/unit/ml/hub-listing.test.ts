// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { expectedFiles, fetchListing, gitBlobSha1, listingUrl, nextPage, parseListing } from '../../../src/ml/hub-listing.mjs';
import { hubListing } from '../../e2e/model-mirror';
import { MODELS_DIR, TINY_LM } from './helpers';

const REV = 'a10cc1512eabd3dde888204e902eca88bddb4951';
const SHA = 'cc63370efc2aca6d5307518b85162777132cc5b8d68eeb8154ea9b5fce09ad46';
const OID = '18b3726b40920eb1bd518e057d6f4ddffaa3c79c';
const lfsEntry = { type: 'file', oid: 'b'.repeat(40), size: 100, path: 'onnx/model.onnx', lfs: { oid: SHA, size: 100, pointerSize: 134 } };
const plainEntry = { type: 'file', oid: OID, size: 540, path: 'config.json' };

describe('git blob SHA-1', () => {
  it.each(['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx'])('equals `git hash-object` for %s', async (file) => {
    const full = path.join(MODELS_DIR, TINY_LM, file);
    const git = execFileSync('git', ['hash-object', '--no-filters', full], { encoding: 'utf8' }).trim();
    expect(await gitBlobSha1(new Uint8Array(readFileSync(full)))).toBe(git);
  });

  it('of no bytes is git’s empty blob', async () => {
    expect(await gitBlobSha1(new Uint8Array())).toBe(execFileSync('git', ['hash-object', '--stdin'], { input: '', encoding: 'utf8' }).trim());
  });
});

describe('hub file list', () => {
  it('reads LFS entries (content sha256) and plain entries (git oid), skipping folders', () => {
    const files = parseListing([{ type: 'directory', oid: 'c'.repeat(40), size: 0, path: 'onnx' }, lfsEntry, plainEntry], 'x');
    expect([...files.keys()]).toEqual(['onnx/model.onnx', 'config.json']);
    expect(files.get('onnx/model.onnx')).toEqual({ path: 'onnx/model.onnx', size: 100, gitOid: null, sha256: SHA });
    expect(files.get('config.json')).toEqual({ path: 'config.json', size: 540, gitOid: OID, sha256: null });
  });

  it('reads what the test mirror serves for the tiny LM', () => {
    const files = parseListing(hubListing(path.join(MODELS_DIR, TINY_LM)), 'mirror');
    expect(files.get('onnx/model.onnx')?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(files.get('config.json')?.gitOid).toBe(OID);
  });

  it.each([
    ['not an array', { files: [] }, /expected a JSON array/],
    ['an entry of unknown type', [{ ...plainEntry, type: 'symlink' }], /entry 0 has type "symlink"/],
    ['no oid', [{ ...plainEntry, oid: undefined }], /config\.json has no 40-hex git oid/],
    ['a negative size', [{ ...plainEntry, size: -1 }], /config\.json has no valid size/],
    ['an LFS oid that is not sha256', [{ ...lfsEntry, lfs: { oid: 'xyz', size: 100 } }], /LFS entry without a 64-hex sha256/],
    ['a path twice', [plainEntry, plainEntry], /config\.json is listed twice/],
  ])('refuses a list with %s, clearly', (_what, json, message) => {
    expect(() => parseListing(json, 'https://hub/api/x')).toThrow(/the file list at https:\/\/hub\/api\/x is malformed/);
    expect(() => parseListing(json, 'https://hub/api/x')).toThrow(message);
  });

  it('is read only for a commit, never a branch or tag', async () => {
    expect(listingUrl('https://m.example/', 'org/m', REV)).toBe(`https://m.example/api/models/org/m/tree/${REV}?recursive=true`);
    const fetch = vi.fn();
    for (const rev of ['main', 'v1.0', null, REV.slice(1)]) {
      await expect(fetchListing({ fetch, base: 'https://hub', repo: 'org/m', revision: rev })).rejects.toThrow(/is not a 40-hex commit/);
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('follows the Link header across pages, and reports HTTP errors with their status', async () => {
    const pages: Record<string, [unknown[], string | null]> = {
      [listingUrl('https://hub', 'org/m', REV)]: [[plainEntry], `<https://hub/api/models/org/m/tree/${REV}?recursive=true&cursor=2>; rel="next"`],
      [`https://hub/api/models/org/m/tree/${REV}?recursive=true&cursor=2`]: [[lfsEntry], null],
    };
    const fetch = (async (url: string) => new Response(JSON.stringify(pages[url]![0]), { headers: pages[url]![1] ? { link: pages[url]![1]! } : {} })) as unknown as typeof globalThis.fetch;
    expect([...(await fetchListing({ fetch, base: 'https://hub', repo: 'org/m', revision: REV })).keys()]).toEqual(['config.json', 'onnx/model.onnx']);
    expect(nextPage('<https://a/1>; rel="prev", </p?c=2>; rel="next"', 'https://a/x')).toBe('https://a/p?c=2');
    const failing = (async () => new Response('nope', { status: 500 })) as unknown as typeof globalThis.fetch;
    await expect(fetchListing({ fetch: failing, base: 'https://hub', repo: 'org/m', revision: REV })).rejects.toMatchObject({ status: 500, message: expect.stringMatching(/HTTP 500/) });
  });
});

describe('what each file must be', () => {
  const listing = parseListing([lfsEntry, plainEntry], 'x');
  const pinnedGraph = { path: 'onnx/model.onnx', size: 100, sha256: SHA };
  const unpinnedConfig = { path: 'config.json', size: null, sha256: null };

  it('takes unpinned files from the list, and checks pinned ones against both', () => {
    expect(expectedFiles('m', REV, [pinnedGraph, unpinnedConfig], listing)).toEqual([
      { path: 'onnx/model.onnx', size: 100, sha256: SHA, gitOid: null, by: 'registry+listing' },
      { path: 'config.json', size: 540, sha256: null, gitOid: OID, by: 'listing' },
    ]);
    expect(expectedFiles('m', REV, [pinnedGraph], null)).toEqual([{ path: 'onnx/model.onnx', size: 100, sha256: SHA, gitOid: null, by: 'registry' }]);
  });

  it.each([
    ['size', { ...pinnedGraph, size: 101 }],
    ['sha256', { ...pinnedGraph, sha256: 'd'.repeat(64) }],
  ])('refuses a pinned file whose %s the list contradicts', (_what, file) => {
    expect(() => expectedFiles('m', REV, [file], listing)).toThrow(/onnx\/model\.onnx is pinned as .* but the file list for commit a10cc15\w+ says 100 B sha256 cc6.*; refusing/);
  });

  it('refuses a pinned plain file whose size the list contradicts', () => {
    expect(() => expectedFiles('m', REV, [{ path: 'config.json', size: 541, sha256: SHA }], listing)).toThrow(/says 540 B git oid 18b3726/);
  });

  it('refuses an unpinned file the list does not name', () => {
    expect(() => expectedFiles('m', REV, [{ path: 'tokenizer.json', size: null, sha256: null }], listing)).toThrow(
      /m: tokenizer\.json has no pinned sha256 and is not in the hub's file list for commit a10cc15\w+; refusing/,
    );
  });
});
