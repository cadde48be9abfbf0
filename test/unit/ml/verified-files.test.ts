import { describe, expect, it } from 'vitest';
import type { ModelFileSource } from '../../../src/ml/integrity';
import { HASHES_FILE } from '../../../src/ml/recorded-hashes';
import { VerifiedFiles } from '../../../src/ml/verified-files';

const BASE = 'chrome-extension://x/models/';

function source(files: Record<string, string>): ModelFileSource & { reads: string[] } {
  const reads: string[] = [];
  return { description: 'test', reads, read: async (p) => (reads.push(p), p in files ? new TextEncoder().encode(files[p]) : null) };
}

describe('VerifiedFiles', () => {
  it('serves each verified file once from memory, then falls back to the other cache', async () => {
    const v = new VerifiedFiles();
    const src = v.remember(source({ 'org/m/config.json': '{"a":1}', 'org/m/onnx/model.onnx': 'graph' }));
    const fallback = { match: async () => new Response('from fallback'), put: async () => undefined };
    const cache = v.cache(BASE, fallback);
    await src.read('org/m/config.json');
    await src.read('org/m/onnx/model.onnx');
    expect(await src.read('org/m/missing.json')).toBeNull();
    expect(await (await cache.match(`${BASE}org/m/onnx/model.onnx`))!.text()).toBe('graph');
    expect(await (await cache.match(`${BASE}org/m/onnx/model.onnx`))!.text()).toBe('from fallback');
    expect(await (await cache.match('https://elsewhere/org/m/config.json'))!.text()).toBe('from fallback');
    expect(v.held).toBe(1);
  });

  it("drops an earlier model's unread bytes when another model is verified", async () => {
    const v = new VerifiedFiles();
    const src = v.remember(source({ 'org/a/config.json': '1', 'org/b/config.json': '2' }));
    await src.read('org/a/config.json');
    await src.read('org/b/config.json');
    expect(v.held).toBe(1);
    expect(await (await v.cache(BASE, { match: async () => undefined, put: async () => undefined }).match(`${BASE}org/b/config.json`))!.text()).toBe('2');
  });

  it('hands the recorded hashes to the check only: transformers.js never asks for them, so they are not held', async () => {
    const v = new VerifiedFiles();
    const src = v.remember(source({ [`org/m/${HASHES_FILE}`]: '{}', 'org/m/config.json': '1' }));
    expect(await src.read(`org/m/${HASHES_FILE}`)).not.toBeNull();
    expect(v.held).toBe(0);
    await src.read('org/m/config.json');
    expect(v.held).toBe(1);
  });
});
