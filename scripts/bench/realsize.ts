/**
 * Section "realsize": random-weight models with the exact shapes of the registry's real models
 * (scripts/make-test-models.py --bench-shapes), so the figures are what a user's machine pays:
 *
 *   generate (cached) ─► onnxruntime-node children (product embedder; GEMM probe; LLM generate)
 *                    ├─► the GEMM probe on onnxruntime-web in Chromium, no extension (wasm-gemm-probe.ts)
 *                    └─► bench build (.output/bench, bench entries registered) ─► Chromium WASM 2t / 1t
 *                                                                              └─► WebGPU (SwiftShader, reported only)
 *
 * Printed: FLOPs per item, items/s per title length and batch, GFLOP/s against the machine's
 * limit, WASM ÷ onnxruntime-node, where the time goes per stage, LLM prefill/decode, memory.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { ModelDtype, ModelEntry } from '../../models/registry';
import { startChromium } from './chromium-session';
import { encoderFlops } from './flops';
import type { EncoderShape } from './flops';
import type { BrowserModelRun, BrowserRun } from './realsize-chromium';
import { runInBrowser } from './realsize-chromium';
import type { ChildJob, EncoderResult, GemmResult, LlmResult } from './realsize-child';
import { BENCH_MODELS, MINILM_FP32, SHAPES, benchEntries, buildBenchExtension, ensureBenchModels, stampOf } from './realsize-models';
import { printRealsize } from './realsize-report';
import type { RealsizeFigures } from './realsize-report';
import { MIXED, MIXED_MEAN, checkTitleLengths } from './sized-titles';
import { runWasmGemmProbe } from './wasm-gemm-probe';
import { configureRuntime } from '../../src/ml/runtime';

/** Title lengths in tokens; MIXED = a page of mixed lengths (mean 22), where padding shows. */
const LENGTHS = [16, 32, 64, MIXED];
const BATCHES = [1, 8, 32, 50];
/** The GEMM probe graphs (fp32 and q8), run on onnxruntime-node and on onnxruntime-web in Chromium. */
const GEMM_ID = 'localrank-bench/gemm-probe';

function child<T>(job: ChildJob): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve('scripts/bench/realsize-child.ts'), JSON.stringify(job)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: 300_000,
  });
  const last = r.stdout?.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`child ${job.kind} failed (${r.status ?? r.signal}): ${(r.stderr ?? '').slice(-1500)}`);
  return JSON.parse(last) as T;
}

/** Run in a fresh Chromium per thread count (as the wasm section: each starts from the same state). */
async function browserRuns(dir: string, plans: BrowserModelRun[], args: string[] = []): Promise<{ runs: BrowserRun[]; version: string; errors: string[] }> {
  const runs: BrowserRun[] = [];
  const errors: string[] = [];
  const b = await startChromium(dir, args);
  try {
    for (const p of plans) {
      try {
        runs.push(await runInBrowser(b, p));
      } catch (e) {
        errors.push(`${p.modelId} ${p.backend} ${p.threads}t: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return { runs, version: b.version, errors };
  } finally {
    await b.close();
  }
}

/** The whole section; `quick` trims the grid, the runs and the memory top-up. */
export async function runRealsizeBench(quick: boolean): Promise<void> {
  const t0 = performance.now();
  const gen = ensureBenchModels();
  console.log(`\nReal-shape models in ${BENCH_MODELS} (make-test-models.py --bench-shapes: ${gen.seconds.toFixed(1)} s)`);
  for (const l of gen.log) console.log(`  ${l}`);
  const entries = benchEntries();
  const byId = (id: string) => entries.find((e) => e.id === id)!;
  const lengths = quick ? [16, MIXED] : LENGTHS;
  const batches = quick ? [1, 50] : BATCHES;
  const runs = quick ? 3 : 5;

  configureRuntime({ localModelPath: `${BENCH_MODELS}/`, backend: 'node' });
  const titleCheck = await checkTitleLengths(SHAPES.minilm, lengths.filter((l) => l !== MIXED));
  const e5Check = await checkTitleLengths(SHAPES.e5, [32], byId(SHAPES.e5).embedding?.prefixes.passage ?? '');

  // Node: one child per model and dtype (its own peak RSS), the GEMM probe, the LLM shape.
  const node: RealsizeFigures['node'] = [];
  const plan: [string, ModelEntry, ModelDtype, number[], number[]][] = [
    [SHAPES.minilm, byId(SHAPES.minilm), 'q8', lengths, batches],
    [MINILM_FP32, byId(SHAPES.minilm), 'fp32', [16, MIXED], batches],
    [SHAPES.e5, byId(SHAPES.e5), 'q8', [32], batches],
  ];
  for (const [id, entry, dtype, ls, bs] of quick ? plan.slice(0, 1) : plan) {
    try {
      const job: ChildJob = { kind: 'encoder', root: `${BENCH_MODELS}/`, entry, dtype, lengths: ls, batches: bs, runs, cellBudgetMs: 1500 };
      node.push({ modelId: id, dtype, result: child<EncoderResult>(job) });
    } catch (e) {
      console.log(`  node ${id} ${dtype}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const gemm = child<GemmResult>({ kind: 'gemm', root: `${BENCH_MODELS}/`, id: GEMM_ID, rows: 512, runs: 30 });
  // Right after the node probe, same graphs, rows and runs: the WASM kernel's own limit.
  const tw = performance.now();
  const wasmGemm = await runWasmGemmProbe(BENCH_MODELS, GEMM_ID, { rows: 512, runs: 30, warmupMs: 2000 });
  const wasmGemmS = (performance.now() - tw) / 1000;
  const llm: LlmResult[] = [];
  try {
    // q4: the registry's dtype for the LLM slot on onnxruntime-node (fp32 and q8 are in the folder too).
    llm.push(child<LlmResult>({ kind: 'llm', root: `${BENCH_MODELS}/`, id: SHAPES.smollm, dtype: 'q4', promptTokens: 128, newTokens: quick ? 8 : 16 }));
  } catch (e) {
    console.log(`  LLM q4: ${e instanceof Error ? e.message : String(e)}`);
  }

  const nodeS = (performance.now() - t0) / 1000 - wasmGemmS;

  // Chromium: the bench build with the bench entries; one fresh browser per thread count. The
  // 1-thread browser (this machine's default: src/ml/backend.ts wasmThreads) also runs fp32, e5,
  // the 10,000-embedding memory reading and, flagged for WebGPU, one SwiftShader row.
  const build = buildBenchExtension(entries);
  const base = { backend: 'wasm' as const, runs: 3, cellBudgetMs: 1000, batches, warmupMs: quick ? 3000 : 5000, memoryAfter: 0 };
  const two: BrowserModelRun[] = [{ ...base, modelId: SHAPES.minilm, dtype: 'q8', threads: 2, lengths: lengths.filter((l) => l !== MIXED) }];
  const one: BrowserModelRun[] = [
    { ...base, modelId: SHAPES.minilm, dtype: 'q8', threads: 1, lengths, memoryAfter: quick ? 2000 : 10_000 },
    { ...base, modelId: MINILM_FP32, dtype: 'fp32', threads: 1, lengths: [16, MIXED], batches: [8, 50] },
    { ...base, modelId: SHAPES.e5, dtype: 'q8', threads: 1, lengths: [32], batches: [8, 50] },
    { ...base, backend: 'webgpu', modelId: SHAPES.minilm, dtype: 'q8', threads: 1, lengths: [16], batches: [1], runs: 2, cellBudgetMs: 0, warmupMs: 0, warmupBatch: 1 },
  ];
  const browser: BrowserRun[] = [];
  const errors: string[] = [];
  let version = '';
  const phases: string[] = [];
  for (const [plans, args] of [[two, []], [quick ? one.slice(0, 1) : one, ['--enable-unsafe-webgpu']]] as const) {
    const tb = performance.now();
    const r = await browserRuns(build.dir, [...plans], [...args]);
    browser.push(...r.runs);
    errors.push(...r.errors);
    version = r.version;
    phases.push(`Chromium ${plans[0]!.threads}t ${((performance.now() - tb) / 1000).toFixed(0)} s`);
  }
  const webgpu = browser.find((b) => b.runtime.includes('WebGPU'));
  if (webgpu) browser.splice(browser.indexOf(webgpu), 1);
  const shapes = new Map<string, EncoderShape>([
    [SHAPES.minilm, stampOf(SHAPES.minilm).shape],
    [MINILM_FP32, stampOf(SHAPES.minilm).shape],
    [SHAPES.e5, stampOf(SHAPES.e5).shape],
  ]);
  printRealsize({
    stamps: [SHAPES.minilm, SHAPES.e5, SHAPES.smollm].map(stampOf),
    // MIXED: FLOPs of the real tokens (mean length), so padding shows as lost GFLOP/s.
    flopsOf: (id, tokens) => encoderFlops(shapes.get(id)!, tokens === MIXED ? MIXED_MEAN : tokens),
    titleCheck,
    e5Check,
    node,
    gemm,
    wasmGemm,
    llm,
    llmShape: stampOf(SHAPES.smollm).shape,
    browser,
    ...(webgpu ? { webgpu } : {}),
    chromium: version,
    errors,
  });
  console.log(`\n  realsize section: ${((performance.now() - t0) / 1000).toFixed(1)} s (generation ${gen.seconds.toFixed(0)} s, onnxruntime-node ${(nodeS - gen.seconds).toFixed(0)} s, WASM GEMM probe ${wasmGemmS.toFixed(0)} s, bench build ${build.seconds.toFixed(0)} s, ${phases.join(', ')})`);
}
