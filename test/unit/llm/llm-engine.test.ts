// @vitest-environment node
/**
 * The LLM worker's engine on the project's tiny causal LM (random weights: it writes garbage, so
 * these tests check mechanics — limits, cancellation, the KV cache — never the text's sense).
 */
import { AutoModelForCausalLM, AutoTokenizer, type Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../../models/registry';
import { createLlmEngine, type LlmEngine } from '../../../src/ml/llm/llm-engine';
import { nodeFileSource } from '../../../src/ml/node-file-source';
import { configureRuntime } from '../../../src/ml/runtime';
import { MODELS_DIR, TINY_LM } from '../ml/helpers';

const PROMPT = { system: 'You rank shop items for one user. The user likes trail running.', user: 'Item: "Trail shoe"' };

describe('LLM engine on the tiny causal LM (onnxruntime-node)', () => {
  let engine: LlmEngine;
  beforeAll(async () => {
    configureRuntime({ localModelPath: `${MODELS_DIR}/`, backend: 'node' });
    engine = await createLlmEngine({ model: getModel(TINY_LM), dtype: 'fp32', device: 'cpu', source: nodeFileSource(MODELS_DIR) });
  });
  afterAll(() => engine?.dispose());

  it('decodes greedily exactly as transformers.js generate() does (its own KV-cached loop is correct)', async () => {
    const mine = await engine.generate(PROMPT, { maxNewTokens: 10, repetitionPenalty: 1 });
    const tok = await AutoTokenizer.from_pretrained(TINY_LM);
    const model = await AutoModelForCausalLM.from_pretrained(TINY_LM, { dtype: 'fp32' });
    const text = tok.apply_chat_template([{ role: 'system', content: PROMPT.system }, { role: 'user', content: PROMPT.user }], { tokenize: false, add_generation_prompt: true }) as string;
    const inputs = tok(text, { add_special_tokens: false });
    const out = (await model.generate({ ...inputs, max_new_tokens: 10, do_sample: false })) as Tensor;
    const ids = (out.tolist() as bigint[][])[0]!.slice(inputs.input_ids.dims[1]!).map(Number).filter((t) => t !== 2);
    expect(mine.text).toBe(tok.decode(ids, { skip_special_tokens: true }));
    await model.dispose();
  }, 60_000);

  it('stops at max tokens (a runaway model is cut there)', async () => {
    for (const max of [1, 7, 40]) {
      const r = await engine.generate(PROMPT, { maxNewTokens: max });
      expect(r.newTokens).toBeLessThanOrEqual(max);
      if (r.stopped !== 'eos') expect(r).toMatchObject({ newTokens: max, stopped: 'max-tokens' });
    }
  }, 30_000);

  it('reuses the KV cache of the system prompt, with the same output as without it', async () => {
    const other = { ...PROMPT, system: 'A different system prompt flushes the prefix cache.' };
    await engine.generate(other, { maxNewTokens: 2 });
    const cold = await engine.generate(PROMPT, { maxNewTokens: 12 });
    const warm = await engine.generate(PROMPT, { maxNewTokens: 12 });
    expect(cold.reusedTokens).toBe(0);
    expect(warm.reusedTokens).toBeGreaterThan(10); // the whole rendered system turn
    expect(warm.reusedTokens).toBeLessThan(warm.promptTokens);
    expect(warm.text).toBe(cold.text);
    expect(engine.cacheBytes).toBeGreaterThan(0);
  }, 30_000);

  it('stops between tokens when cancelled, returning what it wrote', async () => {
    const controller = new AbortController();
    const r = await engine.generate(PROMPT, { maxNewTokens: 200, signal: controller.signal, onToken: (n) => n === 3 && controller.abort() });
    expect(r).toMatchObject({ stopped: 'cancelled', newTokens: 3 });
    await expect(engine.generate(PROMPT, { maxNewTokens: 5, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
  }, 30_000);

  it('stops once the JSON object the answer started with is complete', async () => {
    const r = await engine.generate({ ...PROMPT, assistantPrefix: '{"more": [], "less": []}' }, { maxNewTokens: 50, stop: 'json' });
    expect(r).toMatchObject({ stopped: 'json', newTokens: 1 });
  }, 30_000);

  it('scores items pointwise: P(yes) from one forward pass each, the shared prefix computed once', async () => {
    const users = ['Item: "Trail shoe"', 'Item: "Gossip magazine"', 'Item: "Espresso grinder"'];
    const r = await engine.score(PROMPT.system, users);
    expect(r.scores).toHaveLength(3);
    for (const p of r.scores) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
    expect(r.reusedTokens).toBeGreaterThan(0);
    // Same scores one by one, with the cache warm: the cached prefix changes nothing.
    for (const [i, u] of users.entries()) expect((await engine.score(PROMPT.system, [u])).scores[0]).toBeCloseTo(r.scores[i]!, 5);
    const controller = new AbortController();
    controller.abort();
    await expect(engine.score(PROMPT.system, users, controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
  }, 30_000);

  it('refuses a prompt that leaves no room under the model’s positions', async () => {
    await expect(engine.generate({ ...PROMPT, user: 'word '.repeat(3000) }, { maxNewTokens: 5 })).rejects.toMatchObject({ code: 'bad-input' });
  }, 30_000);
});
