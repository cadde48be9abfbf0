// @vitest-environment node
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalLlmTopK, findRealLlm, LLM_METHOD, llmTopK } from '../../../src/eval/llm-topk';
import type { EvalDataset } from '../../../src/eval/task';
import { getModel } from '../../../models/registry';
import { createLlmEngine } from '../../../src/ml/llm/llm-engine';
import { nodeFileSource } from '../../../src/ml/node-file-source';
import { configureRuntime } from '../../../src/ml/runtime';
import { MODELS_DIR, TINY_LM } from '../ml/helpers';

const task = (user: string) => ({
  user, setting: 'main', now: 10,
  history: [{ id: 'h', title: 'Trail running shoe', time: 1 }],
  candidates: Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, title: i === 3 ? 'Trail shoe' : `Item ${i}` })),
  labels: Array.from({ length: 12 }, (_, i) => (i === 3 ? 1 : 0)),
});
const ds: EvalDataset = { name: 'toy', tasks: [task('a'), task('b')], corpusTitles: ['Trail shoe', 'Item 1'], metrics: ['ndcg@10', 'auc'], mainSetting: 'main', note: '' };

describe('eval: LLM top-K refinement', () => {
  it('is not available without a real registry LLM, and says why (no numbers)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-llm-'));
    expect(findRealLlm(empty)).toEqual({ reason: expect.stringMatching(/no real registry LLM on this machine \(HuggingFaceTB\/SmolLM2-360M-Instruct not under/) });
    expect(await llmTopK([ds], { modelRoot: empty, vec: null, dims: 0, limit: 5, log: () => undefined })).toEqual({ results: {}, notAvailable: expect.any(String) });
    // The project's tiny LM is random: never taken for a real LLM, even where its files are.
    expect('reason' in findRealLlm(MODELS_DIR)).toBe(true);
  });

  it('runs its plumbing end to end (on the tiny LM here only to exercise the code: the numbers mean nothing)', async () => {
    configureRuntime({ localModelPath: `${MODELS_DIR}/`, backend: 'node' });
    const engine = await createLlmEngine({ model: getModel(TINY_LM), dtype: 'fp32', device: 'cpu', source: nodeFileSource(MODELS_DIR) });
    const r = await evalLlmTopK(ds, engine, { vec: null, dims: 0, limit: 5, log: () => undefined });
    expect(Object.keys(r)).toEqual(['localrank (same 2 tasks)', LLM_METHOD]);
    expect(Object.keys(r[LLM_METHOD]!)).toEqual(['ndcg@10', 'auc']);
    await engine.dispose();
  }, 60_000);
});
