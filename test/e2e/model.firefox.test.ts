/**
 * Firefox ESR end-to-end test of the model runtime: the built Firefox extension
 * (`npx wxt build -b firefox --mv3`) with the tiny test encoder bundled, where the background page
 * itself owns the model worker (src/ml/host-connection.ts `directConnection`; Firefox has no
 * offscreen API). Mirrors test/e2e/model.chromium.test.ts on WASM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXTENSION_DIR, launchFirefox } from './firefox-harness';
import type { ExtensionGlobal, FirefoxSession } from './firefox-harness';
import { buildWithTestModels } from './ext-build';
import { nodeEmbed } from './node-reference';

const MODEL = 'localrank-test/tiny-minilm';
const TEXTS = ['Wireless noise-cancelling headphones', 'Stainless steel kitchen knife set', '', '无线降噪耳机', 'x'.repeat(100_000)];

/** The fields of the verbs' replies this test reads (src/messaging/protocol.ts has the full types). */
interface ReplyValue {
  modelId?: string | null;
  vectors?: number[][];
  cached?: number;
  computed?: number;
  reason?: string;
  terminated?: boolean;
  model?: string | null;
  state?: string;
  host?: { backend: string; threads: number; crossOriginIsolated: boolean };
  cache?: { hits: number };
}
type Reply = { ok: boolean; value: ReplyValue; error?: string };

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('model runtime in Firefox ESR on WASM (background-page host)', () => {
  let ff: FirefoxSession | undefined;
  let reference: number[][];

  /** One LocalRank envelope from the extension page; returns the raw reply and its round-trip time. */
  const send = async (verb: string, payload: unknown = {}): Promise<Reply & { ms: number }> => {
    const t = performance.now();
    const r = (await ff!.evalInExtension(
      (v: string, p: unknown) => (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage({ lr: 1, verb: v, payload: p }),
      verb,
      payload,
    )) as Reply;
    return { ...r, ms: performance.now() - t };
  };

  /** Background-page / worker console lines that may explain a failure. */
  const relevantLogs = () =>
    ff!
      .logs()
      .filter((l) => /LocalRank|localrank|moz-extension|onnx|ort|wasm|worker|Error/i.test(l))
      .slice(-40)
      .join('\n');

  beforeAll(async () => {
    ff = await launchFirefox({ extensionDir: buildWithTestModels(DEFAULT_EXTENSION_DIR) });
    reference = await nodeEmbed(MODEL, 'q8', TEXTS);
  }, 90_000);

  afterAll(async () => {
    if (process.env.FIREFOX_LOG === '1' && ff) console.log(ff.logs().join('\n'));
    await ff?.close();
  }, 30_000);

  it('reports no model before one is chosen, and the lexical fallback', async () => {
    const r = await send('model.embed', { texts: ['a'] });
    expect(r.value).toMatchObject({ modelId: null, reason: expect.stringMatching(/lexical ranker/) });
  });

  it('embeds with the bundled tiny encoder in the background page worker, matching onnxruntime-node', async () => {
    const patched = await send('settings.patch', { modelId: MODEL, backend: 'wasm' });
    expect(patched.ok, patched.error).toBe(true);
    const r = await send('model.embed', { texts: TEXTS });
    expect(r.ok, `${r.error ?? ''}\n${relevantLogs()}`).toBe(true);
    expect(r.value.reason, relevantLogs()).toBeUndefined();
    expect(r.value).toMatchObject({ modelId: MODEL, computed: TEXTS.length, cached: 0 });
    const vectors = r.value.vectors ?? [];
    expect(vectors).toHaveLength(TEXTS.length);
    console.log(`[firefox wasm] first embed (cold start incl. worker + model load) ${r.ms.toFixed(0)} ms`);
    console.log('[firefox wasm] cosine to onnxruntime-node', vectors.map((v, i) => cosine(v, reference[i]!).toFixed(4)).join(' '));
    for (const [i, v] of vectors.entries()) {
      expect(v).toHaveLength(16);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
      // As in Chromium: the empty text is only [CLS][SEP], where ORT-web's and ORT-node's int8
      // kernels round differently.
      expect(cosine(v, reference[i]!)).toBeGreaterThan(TEXTS[i] === '' ? 0.85 : 0.999);
    }
  });

  it('reports WASM with one thread (no SharedArrayBuffer in Firefox extension pages)', async () => {
    const s = (await send('model.status')).value;
    console.log('[firefox wasm] host status', JSON.stringify(s.host));
    expect(s).toMatchObject({ model: MODEL, state: 'ready', host: { backend: 'wasm' } });
    const sab = await ff!.evalInExtension(() => ({ sab: typeof SharedArrayBuffer, isolated: globalThis.crossOriginIsolated }));
    console.log('[firefox wasm] extension page: SharedArrayBuffer', sab.sab, 'crossOriginIsolated', sab.isolated);
    // Measured on Firefox ESR 153: no SharedArrayBuffer in extension pages, so chooseBackend gives 1.
    expect(sab.sab).toBe('undefined');
    expect(s.host?.threads).toBe(1);
  });

  it('serves a repeated text from the cache and counts the hit', async () => {
    const r = await send('model.embed', { texts: TEXTS.slice(0, 2) });
    console.log(`[firefox wasm] cache hit round trip ${r.ms.toFixed(1)} ms`);
    expect(r.value).toMatchObject({ cached: 2, computed: 0 });
    expect((await send('model.status')).value.cache?.hits).toBeGreaterThanOrEqual(2);
  });

  it('embeds a new text on the warm worker', async () => {
    const r = await send('model.embed', { texts: ['a warm title never seen before'] });
    console.log(`[firefox wasm] warm embed of 1 new text ${r.ms.toFixed(1)} ms`);
    expect(r.value).toMatchObject({ modelId: MODEL, computed: 1, cached: 0 });
  });

  it('terminates the worker to give memory back and restarts it on the next request', async () => {
    expect((await send('model.terminate')).value).toEqual({ terminated: true });
    const r = await send('model.embed', { texts: ['yet another title'] });
    console.log(`[firefox wasm] first embed after terminate (worker + model reload) ${r.ms.toFixed(0)} ms`);
    expect(r.ok, `${r.error ?? ''}\n${relevantLogs()}`).toBe(true);
    expect(r.value).toMatchObject({ modelId: MODEL, computed: 1 });
    const [ref] = await nodeEmbed(MODEL, 'q8', ['yet another title']);
    expect(cosine(r.value.vectors?.[0] ?? [], ref!)).toBeGreaterThan(0.999);
  });
});
