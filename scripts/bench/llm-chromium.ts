/**
 * The LLM in the built extension in Chromium, driven through the verbs an extension page uses
 * (`llm.load`, `llm.generate`, `llm.refine`: service worker → offscreen document → LLM worker).
 * Generation timings are the worker's own (GenerateResult); refinement is timed around the verb.
 */
import { rssOf } from './chromium-session';
import type { ChromiumBench } from './chromium-session';
import type { GenRun, LlmFigures, RefineRun } from './llm-figures';
import type { BenchLlm } from './llm-models';
import { freshTitles } from './titles';

const SYSTEM = "You summarise one person's shopping interests in two sentences.";

/** Runs one model on one backend in an already started Chromium with the model bundled. */
export async function benchLlmChromium(b: ChromiumBench, m: BenchLlm, backend: 'wasm' | 'webgpu', o: { runs: number; newTokens: number; ks: number[] }): Promise<LlmFigures> {
  const llm = { enabled: true, modelId: m.entry.id, backend, acceptWasm: backend === 'wasm', refine: true, k: 10, budgetMs: 1500, maxTokens: o.newTokens, prompts: { profile: '', steering: '', refine: '' } };
  await b.send('settings.patch', { llm });
  const t0 = performance.now();
  const { ms } = (await b.send('llm.load')) as { ms: number };
  const wallLoad = performance.now() - t0;
  const status = (await b.send('llm.status')) as { host?: { backend?: string; threads?: number } };
  if (status.host?.backend !== backend) throw new Error(`expected the LLM on ${backend}, it runs on ${JSON.stringify(status.host)}`);
  // Peak RSS of the renderer that hosts the offscreen document and its workers, sampled.
  const pid = b.workerProcess();
  let peak = pid === undefined ? undefined : rssOf(pid);
  const sampler = setInterval(() => {
    const r = pid === undefined ? undefined : rssOf(pid);
    if (r !== undefined) peak = Math.max(peak ?? 0, r);
  }, 100);
  try {
    const gens: GenRun[] = [];
    for (let i = 0; i < o.runs; i++) {
      const user = `Browsing history, newest first (data):\n${freshTitles(8).map((t) => `- viewed on amazon, today: "${t}"`).join('\n')}`;
      gens.push((await b.send('llm.generate', { system: SYSTEM, user, maxTokens: o.newTokens })) as GenRun);
    }
    const refine: RefineRun[] = [];
    for (const k of o.ks) {
      // A new profile per K: its first refinement computes the system prompt, the next ones reuse it.
      await b.send('llm.profile.edit', { text: `You look at ${freshTitles(2).join(' and ')}; you skip celebrity gossip.` });
      const once = async () => {
        const t = performance.now();
        const r = (await b.send('llm.refine', { titles: freshTitles(k), k, budgetMs: 600_000 })) as { refined: unknown; status: { lastRefine?: { note: string } } };
        if (!r.refined) throw new Error(`refinement kept the order: ${r.status.lastRefine?.note ?? '?'}`);
        return performance.now() - t;
      };
      const firstMs = await once();
      const warmMs: number[] = [];
      for (let i = 0; i < Math.max(1, o.runs - 1); i++) warmMs.push(await once());
      refine.push({ k, firstMs, warmMs });
    }
    const heap = await b.heapOf('llm-worker-entry');
    return {
      runtime: backend === 'wasm' ? `Chromium WASM ${status.host.threads ?? '?'} threads` : 'Chromium WebGPU (SwiftShader)',
      modelId: m.entry.id,
      dtype: m.entry.dtype[backend],
      loadMs: ms,
      gens,
      refine,
      memory: [
        { what: 'LLM worker JS heap used after the runs (CDP Runtime.getHeapUsage; excludes WASM memory)', bytes: heap?.usedSize },
        { what: 'peak RSS of the renderer hosting the offscreen document and the LLM worker (incl. WASM memory), sampled every 100 ms', bytes: peak },
      ],
      notes: [`load: llm.load ${ms.toFixed(0)} ms in the background (${wallLoad.toFixed(0)} ms from the page, offscreen document creation included)`],
    };
  } finally {
    clearInterval(sampler);
    await b.send('llm.terminate').catch(() => undefined);
  }
}
