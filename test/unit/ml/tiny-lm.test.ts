// @vitest-environment node
import { AutoModelForCausalLM, AutoTokenizer, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyModelFiles } from '../../../src/ml/integrity';
import { filesFor, getModel } from '../../../models/registry';
import { nodeFileSource } from '../../../src/ml/node-file-source';
import { configureRuntime } from '../../../src/ml/runtime';
import { MODELS_DIR, TINY_LM } from './helpers';

const NEW_TOKENS = 12;

/** Greedy decoding without a cache: the whole sequence through the model at every step. */
async function greedyWithoutCache(model: PreTrainedModel, prompt: number[]): Promise<number[]> {
  const ids = [...prompt];
  for (let step = 0; step < NEW_TOKENS; step++) {
    const input_ids = new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
    const attention_mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
    const { logits } = (await model({ input_ids, attention_mask })) as { logits: Tensor };
    const vocab = logits.dims[2]!;
    const last = (logits.data as Float32Array).subarray((ids.length - 1) * vocab, ids.length * vocab);
    let best = 0;
    for (let i = 1; i < vocab; i++) if (last[i]! > last[best]!) best = i;
    ids.push(best);
  }
  return ids.slice(prompt.length);
}

describe('tiny causal LM with KV cache', () => {
  beforeAll(async () => {
    configureRuntime({ localModelPath: `${MODELS_DIR}/`, backend: 'node' });
    const entry = getModel(TINY_LM);
    await verifyModelFiles(entry, [...filesFor(entry, 'fp32'), ...filesFor(entry, 'q8')], nodeFileSource(MODELS_DIR));
  });

  it.each(['fp32', 'q8'] as const)('generates %s tokens with the cache, identically twice', async (dtype) => {
    const tokenizer = await AutoTokenizer.from_pretrained(TINY_LM);
    const model = await AutoModelForCausalLM.from_pretrained(TINY_LM, { dtype });
    const prompt = tokenizer.apply_chat_template([{ role: 'user', content: 'Why this order?' }], { add_generation_prompt: true, tokenize: false }) as string;
    const inputs = tokenizer(prompt);
    const promptLength = inputs.input_ids.dims[1]!;
    const run = async () => {
      const out = (await model.generate({ ...inputs, max_new_tokens: NEW_TOKENS, min_new_tokens: NEW_TOKENS, do_sample: false })) as Tensor;
      return (out.tolist() as bigint[][])[0]!.slice(promptLength).map(Number);
    };
    const first = await run();
    expect(first).toHaveLength(NEW_TOKENS);
    expect(await run()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(3); // the untied head does not repeat one token
    if (dtype === 'fp32') {
      // The cache path must equal full recomputation (int8 differs: activation scales are per call).
      const prompt_ids = Array.from(inputs.input_ids.data as BigInt64Array, Number);
      expect(await greedyWithoutCache(model, prompt_ids)).toEqual(first);
    }
    await model.dispose();
  }, 60_000);
});
