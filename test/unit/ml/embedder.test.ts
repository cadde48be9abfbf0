// @vitest-environment node
import { describe, expect, it, beforeAll } from 'vitest';
import { getModel } from '../../../models/registry';
import { createEmbedder } from '../../../src/ml/embedder';
import { MlError } from '../../../src/ml/errors';
import { nodeFileSource } from '../../../src/ml/node-file-source';
import { configureRuntime } from '../../../src/ml/runtime';
import type { ModelEmbedder } from '../../../src/ml/types';
import { MODELS_DIR, TINY_ENCODER, cosine, norm, withPrefixes } from './helpers';

const source = nodeFileSource(MODELS_DIR);
const load = (dtype: 'fp32' | 'q8' = 'fp32') => createEmbedder({ model: getModel(TINY_ENCODER), dtype, device: 'cpu', source });

describe('tiny encoder through the real loading code', () => {
  let fp32: ModelEmbedder;
  beforeAll(async () => {
    configureRuntime({ localModelPath: `${MODELS_DIR}/`, backend: 'node' });
    fp32 = await load();
  });

  it('gives one normalised 16-dim vector per text, deterministically', async () => {
    const texts = ['wireless noise-cancelling headphones', 'stainless steel kitchen knife set'];
    const first = await fp32.embed(texts);
    const again = await (await load()).embed(texts);
    expect(fp32.dims).toBe(16);
    expect(first).toHaveLength(2);
    for (const vector of first) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(16);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    expect(again).toEqual(first);
    expect(cosine(first[0]!, first[1]!)).toBeLessThan(0.999);
  });

  it('does not depend on batch neighbours (padding is masked out)', async () => {
    const [alone] = await fp32.embed(['short']);
    const [, padded] = await fp32.embed(['a much longer title that forces padding of the next one', 'short']);
    for (let i = 0; i < 16; i++) expect(padded![i]).toBeCloseTo(alone![i]!, 5);
  });

  it('loads the q8 graph, close to fp32', async () => {
    const q8 = await load('q8');
    const text = ['bluetooth over-ear headphones'];
    const [a] = await fp32.embed(text);
    const [b] = await q8.embed(text);
    expect(q8.dtype).toBe('q8');
    expect(norm(b!)).toBeCloseTo(1, 5);
    expect(cosine(a!, b!)).toBeGreaterThan(0.9);
  });

  it('puts the model prefixes in front of queries and passages', async () => {
    const e5 = await createEmbedder({ model: withPrefixes('query: ', 'passage: '), dtype: 'fp32', device: 'cpu', source });
    const [query] = await e5.embed(['headphones'], 'query');
    const [passage] = await e5.embed(['headphones'], 'passage');
    const [manual] = await fp32.embed(['query: headphones']);
    expect(query).toEqual(manual);
    expect(cosine(query!, passage!)).toBeLessThan(0.9999);
  });

  it.each([
    ['empty string', ['']],
    ['100 KB string', ['x'.repeat(100_000)]],
    ['lone surrogates', ['\uD800 broken \uDFFF text \uD83D', '😀\uDE00']],
    ['CJK', ['无线降噪耳机，续航30小时']],
  ])('handles %s', async (_name, texts) => {
    const vectors = await fp32.embed(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
  });

  it('embeds 5,000 texts in one call, in order', async () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `item number ${i}`);
    const vectors = await fp32.embed(texts);
    expect(vectors).toHaveLength(5000);
    expect(vectors[4321]).toEqual((await fp32.embed([texts[4321]!]))[0]);
  }, 60_000);

  it('refuses non-strings and oversized calls with a clear error', async () => {
    await expect(fp32.embed([42 as unknown as string])).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('texts[0]') });
    await expect(fp32.embed(Array.from({ length: 10_001 }, () => 'x'))).rejects.toMatchObject({ code: 'bad-input' });
    expect(await fp32.embed([])).toEqual([]);
  });

  it('stops between batches when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fp32.embed(['a'], 'passage', { signal: controller.signal })).rejects.toBeInstanceOf(MlError);
  });
});
