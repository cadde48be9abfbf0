import { describe, expect, it } from 'vitest';
import { auc, mrr, ndcgAt } from '../../../src/eval/metrics';

const L2 = (i: number): number => 1 / Math.log2(i + 2);

describe('metrics (hand-computed)', () => {
  it.each([
    [[1, 0, 0], 10, 1],
    [[0, 1, 0], 10, L2(1)],
    [[0, 0, 1], 2, 0],
    [[0, 1, 0, 1], 10, (L2(1) + L2(3)) / (L2(0) + L2(1))],
    [[0, 0, 0], 10, 0],
  ])('NDCG of %j at %i = %f', (ranked, k, expected) => {
    expect(ndcgAt(ranked, k)).toBeCloseTo(expected, 10);
  });

  it.each([
    [[1, 0, 0, 0], 1],
    [[0, 0, 0, 1], 0],
    [[0, 1, 0, 0], 2 / 3],
    [[1, 0, 1, 0], 3 / 4],
    [[1, 1], 0.5],
  ])('AUC of %j = %f', (ranked, expected) => {
    expect(auc(ranked)).toBeCloseTo(expected, 10);
  });

  it.each([
    [[1, 0, 0], 1],
    [[0, 0, 1], 1 / 3],
    [[0, 1, 0, 1], (1 / 2 + 1 / 4) / 2],
  ])('MRR of %j = %f (MIND: mean reciprocal rank of the clicked items)', (ranked, expected) => {
    expect(mrr(ranked)).toBeCloseTo(expected, 10);
  });
});
