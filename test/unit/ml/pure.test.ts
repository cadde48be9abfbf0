import { describe, expect, it } from 'vitest';
import { filesFor, getModel, parseRegistry, registry, totalSize } from '../../../models/registry';
import { meanPoolNormalize } from '../../../src/ml/pooling';
import { createSerialQueue } from '../../../src/ml/serial-queue';
import { clip, prepareTexts, toWellFormed } from '../../../src/ml/text-input';

describe('text input', () => {
  it.each([
    ['a\uD800b', 'a\uFFFDb'],
    ['\uDC00x', '\uFFFDx'],
    ['😀', '😀'],
    ['x\uD83D', 'x\uFFFD'],
  ])('makes %j well-formed', (input, output) => expect(toWellFormed(input)).toBe(output));

  it('clips without splitting a surrogate pair', () => {
    expect(clip('ab😀', 3)).toBe('ab');
    expect(clip('abc', 5)).toBe('abc');
  });

  it('prefixes and bounds texts', () => {
    expect(prepareTexts(['x'.repeat(50)], 'query: ', 10)).toEqual([`query: ${'x'.repeat(10)}`]);
    expect(() => prepareTexts('nope', '', 10)).toThrow(/array of strings/);
  });
});

describe('mean pooling', () => {
  it('averages unmasked tokens and normalises', () => {
    const [v] = meanPoolNormalize([1, 0, 3, 0, 100, 100], [1, 3, 2], [1n, 1n, 0n]);
    expect(Array.from(v!)).toEqual([1, 0]);
  });
});

describe('serial queue', () => {
  it('runs one task at a time and survives failures', async () => {
    const queue = createSerialQueue();
    const order: string[] = [];
    const slow = queue.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('slow');
    });
    const failing = queue.run(async () => {
      order.push('fail');
      throw new Error('boom');
    });
    const fast = queue.run(async () => order.push('fast'));
    await Promise.allSettled([slow, failing, fast]);
    expect(order).toEqual(['slow', 'fail', 'fast']);
  });
});

describe('registry', () => {
  it('pins full revisions for hub models and knows the defaults', () => {
    for (const model of registry.models.filter((m) => m.source === 'hub')) expect(model.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(getModel(registry.defaults.embedder).embedding?.prefixes.query).toBe('query: ');
  });

  it('lists the files of one dtype and their size', () => {
    const files = filesFor(getModel('Xenova/all-MiniLM-L6-v2'), 'q8');
    expect(files.map((f) => f.path)).toContain('onnx/model_quantized.onnx');
    expect(totalSize(files)).toBe(22972370 + 711661 + 650 + 366 + 125);
    expect(totalSize(filesFor(getModel('HuggingFaceTB/SmolLM2-360M-Instruct'), 'q4f16'))).toBeNull();
  });

  it('rejects bad data', () => {
    const bad = { ...registry, models: [{ ...registry.models[0]!, files: [{ path: '../x', size: 1, sha256: null }] }] };
    expect(() => parseRegistry(bad)).toThrow(/unsafe path/);
    expect(() => getModel('nope/nope')).toThrow(/unknown model/);
  });
});
