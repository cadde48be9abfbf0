/**
 * One onnxruntime-node measurement of the realsize section, in its own process so that its peak
 * RSS is its own: `node --import tsx scripts/bench/realsize-child.ts '<job JSON>'`. Prints one
 * JSON line (the result) last. Jobs: an encoder through src/ml/embedder.ts (the product path),
 * the GEMM probe on bare onnxruntime-node, the LLM shape through transformers.js generate().
 */
import { AutoModelForCausalLM, AutoTokenizer, Tensor } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import type { ModelDtype, ModelEntry } from '../../models/registry';
import { createEmbedder } from '../../src/ml/embedder';
import { nodeFileSource } from '../../src/ml/node-file-source';
import { configureRuntime } from '../../src/ml/runtime';
import type { EmbedStats } from '../../src/ml/types';
import { gemmGflops } from './flops';
import { sizedTitles } from './sized-titles';
import { summarize } from './stats';
import type { Summary } from './stats';

export type ChildJob =
  | { kind: 'encoder'; root: string; entry: ModelEntry; dtype: ModelDtype; lengths: number[]; batches: number[]; runs: number; cellBudgetMs: number }
  | { kind: 'gemm'; root: string; id: string; rows: number; runs: number }
  | { kind: 'llm'; root: string; id: string; dtype: ModelDtype; promptTokens: number; newTokens: number };

/** One cell of the grid: titles of `tokens` tokens, `batch` per call. */
export interface GridCell {
  readonly tokens: number;
  readonly batch: number;
  readonly warm: Summary;
  readonly itemsPerSec: number;
  /** Mean of the warm calls (the stage breakdown is in means). */
  readonly meanMs?: number;
  /** CPU time of the whole process (all threads) over the warm calls: a load-robust cost. */
  readonly cpuMs?: number;
  /** Stage totals of the warm calls (Node: the embedder's own counters). */
  readonly stages?: EmbedStats;
}

export interface EncoderResult {
  kind: 'encoder';
  coldMs: number;
  cells: GridCell[];
  peakRss: number;
}

export interface GemmResult {
  kind: 'gemm';
  /** cpuPerWall: process CPU time per wall time over the timed runs (below the thread count: the machine was busy). */
  rows: { dtype: string; threads: number; ms: number; gflops: number; cpuPerWall?: number }[];
}

export interface LlmResult {
  kind: 'llm';
  dtype: ModelDtype;
  loadMs: number;
  promptTokens: number;
  newTokens: number;
  ttftMs: number;
  prefillTokPerSec: number;
  decodeTokPerSec: number;
  peakRss: number;
}

const diff = (a: EmbedStats, b: EmbedStats): EmbedStats =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof EmbedStats] - b[k as keyof EmbedStats]])) as unknown as EmbedStats;

const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function encoder(job: Extract<ChildJob, { kind: 'encoder' }>): Promise<EncoderResult> {
  configureRuntime({ localModelPath: job.root, backend: 'node' });
  const t0 = performance.now();
  const e = await createEmbedder({ model: job.entry, dtype: job.dtype, device: 'cpu', source: nodeFileSource(job.root) });
  await e.embed(sizedTitles(1, 16));
  const coldMs = performance.now() - t0;
  const cells: GridCell[] = [];
  for (const tokens of job.lengths) {
    for (const batch of job.batches) {
      await e.embed(sizedTitles(batch, tokens)); // first call of this shape (buffer growth): not timed
      const before = { ...e.stats! };
      const cpu0 = process.cpuUsage();
      const ms: number[] = [];
      const started = performance.now();
      for (let i = 0; i < job.runs; i++) {
        if (i >= 2 && performance.now() - started > job.cellBudgetMs) break;
        const texts = sizedTitles(batch, tokens);
        const t = performance.now();
        await e.embed(texts);
        ms.push(performance.now() - t);
      }
      const warm = summarize(ms);
      const cpu = process.cpuUsage(cpu0);
      const meanMs = ms.reduce((a, b) => a + b, 0) / ms.length;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      cells.push({ tokens, batch, warm, itemsPerSec: (batch * 1000) / warm.p50, meanMs, cpuMs, stages: diff(e.stats!, before) });
    }
  }
  await e.dispose();
  return { kind: 'encoder', coldMs, cells, peakRss: peakRss() };
}

async function gemm(job: Extract<ChildJob, { kind: 'gemm' }>): Promise<GemmResult> {
  const rows: GemmResult['rows'] = [];
  // Three rounds, best kept: the probe estimates a ceiling, and this machine is shared.
  for (let round = 0; round < 3; round++) for (const [dtype, file] of [['fp32', 'model.onnx'], ['q8', 'model_quantized.onnx']] as const) {
    for (const threads of [1, 2]) {
      const s = await ort.InferenceSession.create(join(job.root, job.id, 'onnx', file), { intraOpNumThreads: threads, interOpNumThreads: 1 });
      const x = new ort.Tensor('float32', Float32Array.from({ length: job.rows * 384 }, (_, i) => Math.sin(i)), [job.rows, 384]);
      await s.run({ x });
      const ms: number[] = [];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < job.runs; i++) {
        const t = performance.now();
        await s.run({ x });
        ms.push(performance.now() - t);
      }
      const cpu = process.cpuUsage(cpu0);
      const p50 = summarize(ms).p50;
      const row = { dtype, threads, ms: p50, gflops: gemmGflops(job.rows, p50), cpuPerWall: (cpu.user + cpu.system) / 1000 / (performance.now() - t0) };
      const at = rows.findIndex((r) => r.dtype === dtype && r.threads === threads);
      if (at < 0) rows.push(row);
      else if (row.ms < rows[at]!.ms) rows[at] = row;
      await s.release();
    }
  }
  return { kind: 'gemm', rows };
}

async function llm(job: Extract<ChildJob, { kind: 'llm' }>): Promise<LlmResult> {
  configureRuntime({ localModelPath: job.root, backend: 'node' });
  const t0 = performance.now();
  const tok = await AutoTokenizer.from_pretrained(job.id);
  const model = await AutoModelForCausalLM.from_pretrained(job.id, { dtype: job.dtype });
  const loadMs = performance.now() - t0;
  const words = sizedTitles(Math.ceil(job.promptTokens / 14), 16).join('. ');
  const ids = (tok.encode(words) as number[]).slice(0, job.promptTokens);
  const input_ids = new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
  const attention_mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
  // A warm-up generate (1 token) so the timed run measures steady kernels, not first-run allocation.
  await model.generate({ input_ids, attention_mask, max_new_tokens: 1, min_new_tokens: 1, do_sample: false });
  const stamps: number[] = [];
  const streamer = { put: () => void stamps.push(performance.now()), end: () => undefined };
  const t = performance.now();
  const out = (await model.generate({ input_ids, attention_mask, max_new_tokens: job.newTokens, min_new_tokens: job.newTokens, do_sample: false, streamer } as never)) as Tensor;
  // stamps[0]: the prompt (before any model run); stamps[1]: first new token; then one per token.
  const first = stamps[1]! - t;
  const decodeMs = stamps.at(-1)! - stamps[1]!;
  const made = out.dims[1]! - ids.length;
  await model.dispose();
  return {
    kind: 'llm', dtype: job.dtype, loadMs, promptTokens: ids.length, newTokens: made, ttftMs: first,
    prefillTokPerSec: (ids.length * 1000) / first, decodeTokPerSec: ((made - 1) * 1000) / decodeMs, peakRss: peakRss(),
  };
}

const job = JSON.parse(process.argv[2] ?? '{}') as ChildJob;
const result = job.kind === 'encoder' ? await encoder(job) : job.kind === 'gemm' ? await gemm(job) : await llm(job);
console.log(JSON.stringify(result));
