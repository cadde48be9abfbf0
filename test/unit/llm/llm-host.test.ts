// @vitest-environment node
/**
 * The LLM worker as the model host runs it: its own worker (the real handler, in-process, on the
 * tiny LM), backend choice, cancellation, restart, and termination when the LLM is switched off.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BackendChoice } from '../../../src/ml/backend';
import { LlmHost, type LlmPrefs } from '../../../src/ml/llm/llm-host';
import { createLlmWorkerHandler } from '../../../src/ml/llm/llm-worker';
import type { LlmResponse } from '../../../src/ml/llm/llm-protocol';
import { TINY_LM } from '../ml/helpers';
import { inProcessLlmWorker, scriptedLlmWorker, type FakeLlmWorker } from './llm-fake-worker';

const PROMPT = { system: 'You rank items.', user: 'Item: "Trail shoe"' };
const gpu: BackendChoice = { backend: 'webgpu', threads: 2, reason: 'WebGPU adapter' };
const noGpu: BackendChoice = { backend: 'wasm', threads: 2, reason: 'this browser has no WebGPU' };

function host(make: () => FakeLlmWorker, choice: BackendChoice, prefs: LlmPrefs = { backend: 'auto', acceptWasm: false }) {
  const workers: FakeLlmWorker[] = [];
  const h = new LlmHost({ createWorker: () => (workers.push(make()), workers.at(-1)!), localModelPath: '/models/', wasmPaths: '/ort/', choose: async (p) => (p === 'wasm' ? noGpu : choice) });
  h.setPrefs(prefs);
  return { h, workers };
}

afterEach(() => vi.useRealTimers());

describe('LLM host and its own worker', () => {
  it('generates in its own worker, reports it, and terminating it stops that worker', async () => {
    const { h, workers } = host(inProcessLlmWorker, gpu);
    expect(await h.status()).toMatchObject({ running: false, loaded: [] }); // status never starts it
    expect(workers).toHaveLength(0);
    const r = await h.generate(TINY_LM, PROMPT, 5, 'eos');
    expect(r.newTokens).toBeLessThanOrEqual(5);
    expect(workers[0]!.backend).toBe('webgpu');
    expect(await h.status()).toMatchObject({ running: true, backend: 'webgpu', loaded: [{ modelId: TINY_LM }] });
    h.terminate();
    expect(workers[0]!.terminated).toBe(true);
    expect(await h.status()).toMatchObject({ running: false });
    await h.generate(TINY_LM, PROMPT, 2, 'eos'); // the next use starts a fresh worker
    expect(workers).toHaveLength(2);
    h.terminate();
  }, 60_000);

  it('cancels a long generation in the worker, which answers with what it wrote', async () => {
    const { h } = host(inProcessLlmWorker, gpu);
    await h.load(TINY_LM);
    const controller = new AbortController();
    const pending = h.generate(TINY_LM, PROMPT, 800, 'eos', controller.signal);
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    const r = await pending;
    expect(r.stopped).toBe('cancelled');
    expect(r.newTokens).toBeLessThan(800);
    h.terminate();
  }, 60_000);

  it('needs WebGPU unless the user accepted WASM as slow', async () => {
    const off = host(inProcessLlmWorker, noGpu);
    await expect(off.h.generate(TINY_LM, PROMPT, 2, 'eos')).rejects.toThrow(/needs WebGPU, and this browser has no WebGPU.*slow WASM/);
    expect(off.workers).toHaveLength(0);
    const on = host(inProcessLlmWorker, noGpu, { backend: 'auto', acceptWasm: true });
    await on.h.generate(TINY_LM, PROMPT, 2, 'eos');
    expect(on.workers[0]!.backend).toBe('wasm');
    expect((await on.h.status()).reason).toMatch(/WASM, which you allowed/);
    on.h.terminate();
  }, 60_000);

  it('moves to WASM when WebGPU fails at run time, only if WASM was accepted', async () => {
    const log: string[] = [];
    const strict = host(() => scriptedLlmWorker('gpu-fails', log), gpu);
    await expect(strict.h.generate(TINY_LM, PROMPT, 2, 'eos')).rejects.toThrow(/GPU device lost/);
    const lenient = host(() => scriptedLlmWorker('gpu-fails', log), gpu, { backend: 'auto', acceptWasm: true });
    expect((await lenient.h.generate(TINY_LM, PROMPT, 2, 'eos')).text).toBe('ok');
    expect(lenient.workers.map((w) => w.backend)).toEqual(['webgpu', 'wasm']);
    expect(lenient.workers[0]!.terminated).toBe(true);
    expect((await lenient.h.status()).webgpuFailed).toMatch(/GPU device lost/);
  });

  it('restarts a worker that does not stop when cancelled (a hung call), after a grace period', async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    const { h, workers } = host(() => scriptedLlmWorker('hang', log), gpu);
    const controller = new AbortController();
    const pending = h.generate(TINY_LM, PROMPT, 50, 'eos', controller.signal);
    const settled = expect(pending).rejects.toMatchObject({ code: 'timeout' });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(workers[0]!.terminated).toBe(false); // still within the grace period
    await vi.advanceTimersByTimeAsync(2_000);
    await settled;
    expect(log).toEqual(['init webgpu', 'cancel', 'terminate']);
  });

  it('changing the backend preference stops the running worker', async () => {
    const { h, workers } = host(() => scriptedLlmWorker('gpu-fails'), noGpu, { backend: 'wasm', acceptWasm: false });
    await h.generate(TINY_LM, PROMPT, 2, 'eos');
    h.setPrefs({ backend: 'auto', acceptWasm: true });
    expect(workers[0]!.terminated).toBe(true);
  });
});

describe('LLM worker handler', () => {
  it('checks requests and answers every one, errors included', async () => {
    const posted: LlmResponse[] = [];
    const handle = createLlmWorkerHandler({ post: (m) => posted.push(m), configure: () => undefined, sourceFor: () => ({ description: 'none', read: async () => null }) });
    await handle({ kind: 'generate', id: 1, modelId: TINY_LM, prompt: PROMPT, maxNewTokens: 5 });
    await handle({ kind: 'nonsense', id: 2 });
    await handle({ kind: 'init', id: 3, config: { localModelPath: '/x/', backend: 'node' } });
    await handle({ kind: 'generate', id: 4, modelId: TINY_LM, prompt: PROMPT, maxNewTokens: 5000 });
    await handle({ kind: 'generate', id: 5, modelId: TINY_LM, prompt: { system: 1, user: 'x' }, maxNewTokens: 5 });
    await handle({ kind: 'score', id: 6, modelId: TINY_LM, system: 's', users: Array.from({ length: 60 }, () => 'u') });
    await handle({ kind: 'generate', id: 7, modelId: 'no/such-model', prompt: PROMPT, maxNewTokens: 5 });
    await handle({ kind: 'generate', id: 8, modelId: TINY_LM, prompt: PROMPT, maxNewTokens: 5 });
    expect(posted.map((m) => [m.id, m.kind === 'error' ? m.code : m.kind])).toEqual([
      [1, 'not-initialised'], [2, 'bad-input'], [3, 'init'], [4, 'bad-input'], [5, 'bad-input'], [6, 'bad-input'], [7, 'unknown-model'], [8, 'missing-file'],
    ]);
  });
});
