/**
 * `npm run bench [-- --quick] [-- --only node,wasm,webgpu,ranking]`: LocalRank's performance
 * figures, measured in one run and printed, never asserted.
 *
 * - node: the sentence encoders on onnxruntime-node (src/ml/embedder.ts), the native reference.
 * - wasm: the built extension (.output/chrome-mv3 + test models) in Chromium, WASM with 2 and 1
 *   threads; the ratio to onnxruntime-node when both ran.
 * - webgpu: the same with `--enable-unsafe-webgpu` (SwiftShader: reported, never compared).
 * - realsize: random-weight models with the exact shapes of the registry's real models, generated
 *   into .cache/bench-models (cached), on onnxruntime-node and in a bench build of the extension
 *   (.output/bench): items/s per title length and batch, GFLOP/s against the machine's limit, the
 *   WASM ÷ node ratio, a per-stage breakdown, the LLM shape's prefill/decode, memory
 *   (scripts/bench/realsize.ts).
 * - llm: the on-device LLM (scripts/bench/llm.ts): prefill/decode tokens/s, time to first token,
 *   top-K refinement time for K = 5/10/20 and peak memory on onnxruntime-node, Chromium WASM and
 *   WebGPU (SwiftShader, reported only), for the tiny test LM and the SmolLM2-360M-shaped model if generated.
 * - ranking: scripts/bench-ranking.ts, run as it is.
 * - loop: the ranking loop seen from pages in Chromium (scripts/bench/loop.ts): list → reordered
 *   latency, content-script main-thread time, a 5,000-card infinite scroll.
 *
 * Build first: `npx wxt build`.
 */
import { parseArgs } from './bench/args';
import { benchBuild, benchWasm, benchWebgpu, firstEmbed } from './bench/chromium-runtime';
import { startChromium } from './bench/chromium-session';
import type { RuntimeFigures } from './bench/figures';
import { printHeader, printLegend } from './bench/header';
import { benchModels } from './bench/models';
import type { BenchModel } from './bench/models';
import { runLlmBench } from './bench/llm';
import { runLoopBench } from './bench/loop';
import { benchNode } from './bench/node-runtime';
import { runRankingBench } from './bench/ranking';
import { runRealsizeBench } from './bench/realsize';
import { printMemory, printRatios, printRuntime } from './bench/report';

const opts = parseArgs(process.argv.slice(2));
const started = performance.now();
const has = (s: Parameters<typeof opts.sections.has>[0]) => opts.sections.has(s);

/** Run `fn`; a failure is printed and the bench goes on (figures are reported, never asserted). */
const failed: string[] = [];
// Node exits with 13 when the event loop runs dry while the top-level await still waits: a step
// waited for something that can never happen (a browser gone without an answer). Say so.
process.on('exit', (code) => {
  if (code === 13) console.log('\nbench: stopped with a step still waiting and nothing left to wait on (exit 13); the figures above are all there is');
});

async function section<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  const t0 = performance.now();
  try {
    return await fn();
  } catch (e) {
    failed.push(name);
    console.log(`\n[${name}] FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return undefined;
  } finally {
    console.log(`[${name}] ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

async function nodeSection(models: readonly BenchModel[]): Promise<RuntimeFigures[]> {
  const out: RuntimeFigures[] = [];
  for (const m of models) {
    const dtypes = [...new Set([m.entry.dtype.wasm, m.entry.dtype.node])];
    for (const dtype of dtypes) out.push(await benchNode(m, dtype, opts.runs, opts.memoryAfter));
  }
  printRuntime('onnxruntime-node', out);
  return out;
}

/**
 * One fresh Chromium per model and thread count, so each variant's memory starts from the same
 * state: in one session, a third worker (after two model.terminate restarts) was seen to grow the
 * renderer by 500+ MB that earlier workers did not.
 */
async function wasmSection(models: readonly BenchModel[]): Promise<RuntimeFigures[]> {
  const { dir, missing } = benchBuild(models);
  for (const id of missing) console.log(`  ${id}: under public/models but not in .output/chrome-mv3: rebuild to bench it in Chromium`);
  const out: RuntimeFigures[] = [];
  for (const m of models.filter((x) => !missing.includes(x.entry.id))) {
    for (const threads of [2, 1]) {
      const b = await startChromium(dir);
      try {
        if (!out.length) console.log(`\nChromium: ${b.version}`);
        const first = await firstEmbed(b, m.entry.id, 'wasm');
        console.log(`  ${m.entry.id}, ${threads} thread(s): first embed after choosing the model ${first.toFixed(0)} ms (creates the offscreen document; default threads)`);
        out.push(await benchWasm(b, m, threads, opts.runs, opts.memoryAfter, 'auto'));
      } finally {
        await b.close();
      }
    }
  }
  printRuntime('Chromium extension, WASM', out);
  return out;
}

async function webgpuSection(models: readonly BenchModel[]): Promise<void> {
  const { dir, missing } = benchBuild(models);
  const out: RuntimeFigures[] = [];
  for (const m of models.filter((x) => !missing.includes(x.entry.id))) {
    // SwiftShader figures are reported, never compared: three runs per size keep the whole bench well under ten minutes.
    const { figures, version } = await benchWebgpu(m, dir, opts.quick ? 2 : 3);
    if (!out.length) console.log(`\nChromium (--enable-unsafe-webgpu): ${version}`);
    out.push(figures);
  }
  printRuntime('Chromium extension, WebGPU on SwiftShader (software: NOT comparable, correctness-grade timing only)', out);
}

printHeader(opts.quick ? `--quick: ${opts.runs} warm runs per size, memory after ${opts.memoryAfter} embeddings` : `full: ${opts.runs} warm runs per size`);
const models = benchModels();
console.log(`models: ${models.map((m) => `${m.entry.id} (${m.testModel ? 'project test model' : 'public/models'})`).join(', ')}`);
printLegend();

const node = has('node') ? ((await section('node', () => nodeSection(models))) ?? []) : [];
const wasm = has('wasm') ? ((await section('wasm', () => wasmSection(models))) ?? []) : [];
for (const n of node) {
  const same = wasm.filter((w) => w.modelId === n.modelId && w.dtype === n.dtype);
  if (same.length) printRatios(n, same);
}
printMemory([...node, ...wasm]);
if (has('webgpu')) await section('webgpu', () => webgpuSection(models));
if (has('realsize')) await section('realsize', () => runRealsizeBench(opts.quick));
if (has('llm')) await section('llm', () => runLlmBench(opts.quick));
if (has('ranking')) await section('ranking', async () => runRankingBench());
if (has('loop')) await section('loop', () => runLoopBench(opts.quick));
console.log(`\nbench wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (failed.length) {
  // The other sections' figures are printed; the run as a whole did not give the full table.
  console.log(`sections that failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
