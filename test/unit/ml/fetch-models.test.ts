// @vitest-environment node
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../../models/registry';
import { MODELS_DIR, TINY_ENCODER, TINY_LM } from './helpers';

const SCRIPT = path.resolve(MODELS_DIR, '../../scripts/fetch-models.mjs');
const TAMPERED = `${TINY_ENCODER}/onnx/model_quantized.onnx`;
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
      const file = decodeURIComponent(new URL(req.url!, 'http://x').pathname).slice(1);
      requests.push(file);
      const full = path.join(MODELS_DIR, file);
      if (file.includes('..') || !existsSync(full)) return void res.writeHead(404).end();
      const bytes = await readFile(full);
      if (file === TAMPERED && (server as Server & { tamper?: boolean }).tamper) bytes[100]! ^= 1;
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

  it('refuses files with an unknown hash unless trusted on first use, then records them', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'fetch-'));
    const registry = JSON.parse(await readFile(path.resolve(MODELS_DIR, '../../models/registry.json'), 'utf8'));
    const entry = registry.models.find((m: { id: string }) => m.id === TINY_ENCODER);
    for (const file of entry.files) if (file.path === 'config.json') Object.assign(file, { sha256: null, size: null });
    const registryPath = path.join(out, 'registry.json');
    await (await import('node:fs/promises')).writeFile(registryPath, JSON.stringify(registry));
    const args = ['--registry', registryPath, '--out', path.join(out, 'models'), '--from', MODELS_DIR, '--models', TINY_ENCODER];
    const refused = await fetchModels(...args);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('config.json: the registry has no sha256');
    const trusted = await fetchModels(...args, '--trust-on-first-use');
    expect(trusted.code, trusted.out).toBe(0);
    const record = JSON.parse(await readFile(path.join(out, 'models', 'trust-on-first-use.json'), 'utf8'));
    expect(record[`${TINY_ENCODER}/config.json`].sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
