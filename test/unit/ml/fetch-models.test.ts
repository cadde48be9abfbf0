// @vitest-environment node
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../../models/registry';
import { hubListing } from '../../e2e/model-mirror';
import { MODELS_DIR, TINY_ENCODER, TINY_LM } from './helpers';

const SCRIPT = path.resolve(MODELS_DIR, '../../scripts/fetch-models.mjs');
const TAMPERED = `${TINY_ENCODER}/onnx/model_quantized.onnx`;
/** The registry's test entry shaped like SmolLM2's (pinned commit, one graph pinned, the rest not), served from the tiny LM's files. */
const HUB_LM = 'localrank-test/tiny-lm-hub';
const HUB = getModel(HUB_LM);
type Mirror = Server & { tamper?: boolean; tamperFile?: string; listing?: 'ok' | 'none' | 'contradict' };
const run = promisify(execFile);

/** Runs the fetch script; resolves with its exit code and output instead of throwing. */
async function fetchModels(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, ...args]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('scripts/fetch-models.mjs against a local mirror', () => {
  let server: Server;
  let mirror: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const url = new URL(req.url!, 'http://x');
      const file = decodeURIComponent(url.pathname).slice(1);
      requests.push(file);
      const m = server as Mirror;
      if (file === `api/models/${HUB.repo}/tree/${HUB.revision}` && url.searchParams.get('recursive') === 'true' && m.listing !== 'none') {
        const listing = hubListing(path.join(MODELS_DIR, TINY_LM)) as { path: string; size: number; lfs?: { size: number } }[];
        const bump = (e: (typeof listing)[number]) => ({ ...e, size: e.size + 1, lfs: { ...e.lfs!, size: e.size + 1 } });
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(m.listing === 'contradict' ? listing.map((e) => (e.path === 'onnx/model.onnx' ? bump(e) : e)) : listing));
      }
      const full = path.join(MODELS_DIR, file.startsWith(`${HUB_LM}/`) ? TINY_LM + file.slice(HUB_LM.length) : file);
      if (file.includes('..') || !existsSync(full)) return void res.writeHead(404).end();
      const bytes = await readFile(full);
      if ((file === TAMPERED && m.tamper) || file === m.tamperFile) bytes[100]! ^= 1;
      res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('installs every file of the test models, verified, and skips them on a second run', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'fetch-'));
    const first = await fetchModels('--out', out, '--mirror', mirror, '--models', `${TINY_ENCODER},${TINY_LM}`);
    expect(first.code, first.out).toBe(0);
    for (const id of [TINY_ENCODER, TINY_LM]) {
      for (const file of getModel(id).files) {
        const bytes = await readFile(path.join(out, id, file.path));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
      }
    }
    const before = requests.length;
    const second = await fetchModels('--out', out, '--mirror', mirror, '--models', TINY_ENCODER);
    expect(second.out).toContain('ok (already present)');
    expect(requests.length).toBe(before);
  });

  it('refuses a tampered file and leaves nothing in its place', async () => {
    (server as Server & { tamper?: boolean }).tamper = true;
    const out = await mkdtemp(path.join(tmpdir(), 'fetch-'));
    const result = await fetchModels('--out', out, '--mirror', mirror, '--models', TINY_ENCODER, '--dtype', 'q8');
    (server as Server & { tamper?: boolean }).tamper = false;
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/REFUSED onnx\/model_quantized\.onnx: sha256 [0-9a-f]{64} does not match/);
    expect(existsSync(path.join(out, TAMPERED))).toBe(false);
    expect(existsSync(path.join(out, TINY_ENCODER, 'onnx'))).toBe(true); // no .partial left behind either
    expect((await import('node:fs')).readdirSync(path.join(out, TINY_ENCODER, 'onnx'))).toEqual([]);
  });

  it('treats a model the source lacks as "offer it later", not as an error', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'fetch-'));
    const result = await fetchModels('--out', out, '--mirror', mirror);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain('the extension will offer it in the options page');
  });

  /** A private copy of the registry (the script may write --record-hashes into it), with `edit` applied to the test hub entry. */
  async function registryCopy(dir: string, edit: (e: { revision: string }) => void = () => undefined): Promise<string> {
    const registry = JSON.parse(await readFile(path.resolve(MODELS_DIR, '../../models/registry.json'), 'utf8'));
    edit(registry.models.find((m: { id: string }) => m.id === HUB_LM));
    const file = path.join(dir, 'registry.json');
    await writeFile(file, JSON.stringify(registry, null, 2));
    return file;
  }
  const hubArgs = (dir: string, registry: string) => ['--registry', registry, '--out', path.join(dir, 'models'), '--mirror', mirror, '--models', HUB_LM];

  it('verifies unpinned files against the mirror’s file list for the pinned commit and records their sha256; --record-hashes pins them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fetch-'));
    const registry = await registryCopy(dir);
    const first = await fetchModels(...hubArgs(dir, registry));
    expect(first.code, first.out).toBe(0);
    expect(requests).toContain(`api/models/${HUB.repo}/tree/${HUB.revision}`);
    expect(first.out).toMatch(/6 files checked against the hub's file list for ed27954\w+; sha256 recorded/);
    const record = JSON.parse(await readFile(path.join(dir, 'models', HUB_LM, 'localrank-verified.json'), 'utf8'));
    // The same bytes as the tiny LM, whose registry entry pins every file: the recorded hashes must be those.
    const tiny = Object.fromEntries(getModel(TINY_LM).files.map((f) => [f.path, f]));
    expect(record.revision).toBe(HUB.revision);
    for (const [p, f] of Object.entries(record.files as Record<string, { sha256: string; size: number }>)) expect(f).toMatchObject({ sha256: tiny[p]!.sha256, size: tiny[p]!.size });
    expect(Object.keys(record.files)).toHaveLength(7);
    expect(JSON.parse(await readFile(registry, 'utf8')).models.find((m: { id: string }) => m.id === HUB_LM).files[0].sha256).toBeNull();

    const pinned = await fetchModels(...hubArgs(dir, registry), '--record-hashes');
    expect(pinned.code, pinned.out).toBe(0);
    expect(pinned.out).toContain('ok (already present) tokenizer.json');
    const entry = JSON.parse(await readFile(registry, 'utf8')).models.find((m: { id: string }) => m.id === HUB_LM);
    for (const f of entry.files) expect({ path: f.path, size: f.size, sha256: f.sha256 }).toEqual({ path: f.path, size: tiny[f.path]!.size, sha256: tiny[f.path]!.sha256 });
  });

  it.each([
    ['a plain file that differs from its git blob hash', { tamperFile: `${HUB_LM}/tokenizer.json` }, /REFUSED tokenizer\.json: git blob SHA-1 \w+ does not match the hub's file list/],
    ['an LFS file that differs from its sha256', { tamperFile: `${HUB_LM}/onnx/model_quantized.onnx` }, /REFUSED onnx\/model_quantized\.onnx: sha256 \w+ does not match the hub's file list/],
    ['a list that contradicts a pinned file', { listing: 'contradict' as const }, /REFUSED localrank-test\/tiny-lm-hub: onnx\/model\.onnx is pinned as 6473775 B .* says 6473776 B/],
  ])('refuses %s and leaves the file out', async (_what, setup, message) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fetch-'));
    Object.assign(server as Mirror, setup);
    const result = await fetchModels(...hubArgs(dir, await registryCopy(dir)));
    Object.assign(server as Mirror, { tamperFile: undefined, listing: 'ok' });
    expect(result.code, result.out).toBe(2);
    expect(result.out).toMatch(message);
    const target = 'tamperFile' in setup ? setup.tamperFile : `${HUB_LM}/onnx/model.onnx`;
    expect(existsSync(path.join(dir, 'models', target))).toBe(false);
    expect(existsSync(path.join(dir, 'models', HUB_LM, 'localrank-verified.json'))).toBe(false);
  });

  it('lists only a commit: a branch revision is refused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fetch-'));
    const result = await fetchModels(...hubArgs(dir, await registryCopy(dir, (e) => (e.revision = 'main'))));
    expect(result.code).toBe(2);
    expect(result.out).toContain('revision "main" is not a 40-hex commit');
  });

  it('treats a mirror without the file list as not having the model', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fetch-'));
    (server as Mirror).listing = 'none';
    const result = await fetchModels(...hubArgs(dir, await registryCopy(dir)));
    (server as Mirror).listing = 'ok';
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/not available \(could not read the file list at .*: HTTP 404 \(needed for 6 unpinned files\)\)/);
  });
});
