// @vitest-environment node
import { beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../../models/registry';
import { planRuns } from '../../../src/ml/batching';
import { createEmbedder } from '../../../src/ml/embedder';
import { nodeFileSource } from '../../../src/ml/node-file-source';
import { configureRuntime } from '../../../src/ml/runtime';
import type { ModelEmbedder } from '../../../src/ml/types';
import { MODELS_DIR, TINY_ENCODER } from './helpers';

const padded = (lengths: number[], runs: number[][]) => runs.reduce((s, r) => s + r.length * Math.max(...r.map((i) => lengths[i]!)), 0);

describe('planRuns', () => {
  it.each([
    ['one length', [12, 12, 12, 12], 32],
    ['mixed titles', [9, 41, 12, 10, 38, 11, 40, 9, 13, 12], 32],
    ['more texts than a batch', Array.from({ length: 70 }, (_, i) => 8 + (i % 5)), 32],
    ['batch of one', [5, 6, 7], 1],
  ])('%s: every index once, runs within the batch size, sorted by length', (_name, lengths, max) => {
    const runs = planRuns(lengths, max);
    expect(runs.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    for (const r of runs) expect(r.length).toBeLessThanOrEqual(max);
    const flat = runs.flat().map((i) => lengths[i]!);
    expect(flat).toEqual([...flat].sort((a, b) => a - b));
  });

  it('splits short titles from long ones instead of padding them all to the longest', () => {
    const lengths = [9, 41, 12, 10, 38, 11, 40, 9, 13, 12];
    const runs = planRuns(lengths, 32);
    expect(runs).toHaveLength(2);
    expect(padded(lengths, runs)).toBeLessThan(lengths.length * 41 * 0.6);
  });

  it('keeps equal lengths in one run (a run has a fixed cost)', () => {
    expect(planRuns([16, 16, 16, 16, 16, 16], 32)).toHaveLength(1);
    expect(planRuns([], 32)).toEqual([]);
  });
});

describe('embedder batching', () => {
  let e: ModelEmbedder;
  beforeAll(async () => {
    configureRuntime({ localModelPath: `${MODELS_DIR}/`, backend: 'node' });
    e = await createEmbedder({ model: getModel(TINY_ENCODER), dtype: 'fp32', device: 'cpu', source: nodeFileSource(MODELS_DIR) });
  });

  it('tokenises once and pads each run only to its own longest text, vectors in input order', async () => {
    const long = 'a very long product title with many words about trail running shoes for wet rocky mountain paths in winter';
    const texts = [long, ...Array.from({ length: 12 }, (_, i) => `mug ${i}`)];
    const before = { ...e.stats! };
    const vectors = await e.embed(texts);
    const runs = e.stats!.runs - before.runs;
    const paddedTokens = e.stats!.paddedTokens - before.paddedTokens;
    const tokens = e.stats!.tokens - before.tokens;
    expect(runs).toBe(2);
    expect(paddedTokens).toBeLessThan(tokens * 1.2);
    const alone = await e.embed([texts[5]!, long]);
    for (let d = 0; d < 16; d++) {
      expect(vectors[5]![d]).toBeCloseTo(alone[0]![d]!, 5);
      expect(vectors[0]![d]).toBeCloseTo(alone[1]![d]!, 5);
    }
  });
});
