/**
 * One LLM on onnxruntime-node through the product's engine (src/ml/llm/llm-engine.ts), in its own
 * process so its peak RSS is the model's alone. Prints one JSON line of LlmFigures.
 *   node --import tsx scripts/bench/llm-node-child.ts '{"id":…,"root":…,"entry":…,"runs":3,"newTokens":32}'
 */
import type { ModelEntry } from '../../models/registry';
import { realClock } from '../../src/llm/budget';
import { profilePrompt, refineSystem, refineUser, DEFAULT_PROMPTS } from '../../src/llm/prompts';
import { refineTopK } from '../../src/llm/refine';
import { createLlmEngine } from '../../src/ml/llm/llm-engine';
import { nodeFileSource } from '../../src/ml/node-file-source';
import { configureRuntime } from '../../src/ml/runtime';
import type { GenRun, LlmFigures, RefineRun } from './llm-figures';
import { freshTitles } from './titles';

const job = JSON.parse(process.argv[2] ?? '{}') as { root: string; entry: ModelEntry; runs: number; newTokens: number; ks: number[] };
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const sampler = setInterval(sample, 50);

configureRuntime({ localModelPath: `${job.root}/`, backend: 'node' });
const t0 = performance.now();
const engine = await createLlmEngine({ model: job.entry, dtype: job.entry.dtype.node, device: 'cpu', source: nodeFileSource(job.root) });
const loadMs = performance.now() - t0;

/** A profile prompt of about 150 tokens; the history lines change every run, the system prompt does not. */
const prompt = () => profilePrompt(freshTitles(8).map((t) => `- viewed on amazon, today: "${t}"`), DEFAULT_PROMPTS);
const gens: GenRun[] = [];
for (let i = 0; i < job.runs; i++) {
  const r = await engine.generate(prompt(), { maxNewTokens: job.newTokens });
  gens.push({ promptTokens: r.promptTokens, reusedTokens: r.reusedTokens, newTokens: r.newTokens, ttftMs: r.ttftMs, prefillMs: r.prefillMs, decodeMs: r.decodeMs, stopped: r.stopped });
}

const refine: RefineRun[] = [];
for (const k of job.ks) {
  // A new profile per K: the first call pays for the system prompt, the later ones reuse its cache.
  const system = refineSystem(`You look at ${freshTitles(2).join(' and ')}; you skip celebrity gossip.`, DEFAULT_PROMPTS);
  const once = async () => {
    const titles = freshTitles(k);
    const t = performance.now();
    const out = await refineTopK({
      order: titles.map((_, i) => i), k, budgetMs: 600_000, clock: realClock, random: Math.random,
      score: async (ix) => (await engine.score(system, ix.map((i) => refineUser(titles[i]!)))).scores,
    });
    if (out.kind !== 'refined') throw new Error(`refinement kept the order: ${out.note}`);
    return performance.now() - t;
  };
  const firstMs = await once();
  const warmMs: number[] = [];
  for (let i = 0; i < Math.max(1, job.runs - 1); i++) warmMs.push(await once());
  refine.push({ k, firstMs, warmMs });
}
sample();
clearInterval(sampler);
await engine.dispose();
const figures: LlmFigures = {
  runtime: `onnxruntime-node ${job.entry.dtype.node}`,
  modelId: job.entry.id,
  dtype: job.entry.dtype.node,
  loadMs,
  gens,
  refine,
  memory: [{ what: 'peak RSS of the bench child process (model + KV cache + Node), sampled every 50 ms', bytes: peak }],
  notes: ['in-process engine; ORT default intra-op threads'],
};
console.log(JSON.stringify(figures));
