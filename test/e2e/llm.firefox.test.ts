/**
 * The on-device LLM in Firefox ESR, where the background page itself owns the LLM's worker
 * (src/ml/llm/llm-connection.ts `directLlmConnection`; no offscreen API) and there is no WebGPU:
 * the LLM runs only when WASM was accepted as slow. Tiny random LM bundled; mechanics only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithTestModels } from './ext-build';
import { DEFAULT_EXTENSION_DIR, launchFirefox } from './firefox-harness';
import type { ExtensionGlobal, FirefoxSession } from './firefox-harness';

const LM = 'localrank-test/tiny-lm';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies of several verbs, checked field by field
type Reply = { ok: boolean; value: any; error?: string };

describe('on-device LLM in Firefox ESR (background-page host, WASM only when accepted)', () => {
  let ff: FirefoxSession | undefined;
  const send = async (verb: string, payload: unknown = {}): Promise<Reply> =>
    (await ff!.evalInExtension(
      (v: string, p: unknown) => (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage({ lr: 1, verb: v, payload: p }),
      verb,
      payload,
    )) as Reply;
  const llm = (acceptWasm: boolean) => ({ enabled: true, modelId: LM, backend: 'auto', acceptWasm, refine: true, k: 10, budgetMs: 1500, maxTokens: 16, prompts: { profile: '', steering: '', refine: '' } });

  beforeAll(async () => {
    ff = await launchFirefox({ extensionDir: buildWithTestModels(DEFAULT_EXTENSION_DIR, [LM]) });
  }, 90_000);
  afterAll(async () => {
    await ff?.close();
  }, 30_000);

  it('says the LLM needs WebGPU (absent here) until WASM is accepted', async () => {
    await send('settings.patch', { llm: llm(false) });
    const r = await send('llm.generate', { system: 's', user: 'u', maxTokens: 4 });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/needs WebGPU, and this browser has no WebGPU.*slow WASM/);
    expect((await send('llm.refine', { titles: ['a', 'b', 'c'] })).value.refined).toBeNull();
  });

  it('generates within its token limit on WASM in the background page’s worker, and stops it when switched off', async () => {
    await send('settings.patch', { llm: llm(true) });
    const r = await send('llm.generate', { system: 'You rank items.', user: 'Item: "Trail shoe"', maxTokens: 5 });
    expect(r.ok, r.error).toBe(true);
    expect(r.value.newTokens).toBeLessThanOrEqual(5);
    expect((await send('llm.status')).value).toMatchObject({ state: 'running', host: { running: true, backend: 'wasm', threads: 1 } });
    const refined = (await send('llm.refine', { titles: ['Trail shoe', 'Gossip', 'Grinder'], budgetMs: 60_000 })).value.refined;
    expect(refined.scores).toHaveLength(3);
    await send('settings.patch', { llm: { ...llm(true), enabled: false } });
    await send('settings.patch', { llm: llm(true) });
    // The background stops the worker when it sees the setting change (storage.onChanged).
    await expect.poll(async () => (await send('llm.status')).value.host?.running, { timeout: 10_000 }).toBe(false);
    expect((await send('llm.status')).value.state).toBe('idle');
  });
});
