/**
 * Real-shape bench models: generated at bench time by scripts/make-test-models.py --bench-shapes
 * into .cache/bench-models/ (git-ignored; skipped when each folder's bench-stamp.json matches the
 * script), registered for a bench-only build of the extension (scripts/bench/wxt.bench.config.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getModel } from '../../models/registry';
import type { ModelDtype, ModelEntry, ModelFile } from '../../models/registry';
import { PYTHON, ensurePythonDeps } from '../python-deps.mjs';

/** Where the generated folders live (`<root>/<id>/…`, the layout transformers.js loads). */
export const BENCH_MODELS = resolve('.cache/bench-models');
/** The bench build of the extension (never the normal `.output/chrome-mv3`). */
export const BENCH_BUILD = resolve('.output/bench/chrome-mv3');

/** What make-test-models.py writes last into each folder. */
export interface BenchStamp {
  readonly id: string;
  readonly kind: 'encoder' | 'lm';
  readonly shape_of: string;
  readonly tokenizer: string;
  readonly shape: { vocab: number; hidden: number; layers: number; heads: number; kv_heads?: number; inter: number; max_pos: number };
  readonly params: number;
  readonly seconds: Record<string, number>;
  readonly files: { path: string; size: number; sha256: string }[];
}

/** The three shapes: MiniLM (English fallback), e5-small (default), the LLM slot. */
export const SHAPES = {
  minilm: 'localrank-bench/all-MiniLM-L6-v2-shape',
  e5: 'localrank-bench/multilingual-e5-small-shape',
  smollm: 'localrank-bench/SmolLM2-360M-shape',
} as const;

/** The MiniLM shape registered a second time with fp32 on every backend (its own folder). */
export const MINILM_FP32 = `${SHAPES.minilm}-fp32`;

/** Run the generator (fast when every stamp matches); returns its wall time and what it printed last. */
export function ensureBenchModels(): { seconds: number; log: string[] } {
  const t0 = performance.now();
  ensurePythonDeps();
  const r = spawnSync(PYTHON, ['scripts/make-test-models.py', '--bench-shapes', 'all', BENCH_MODELS], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`make-test-models.py --bench-shapes failed (${r.status ?? r.signal}): ${(r.stderr ?? '').split('\n').filter((l) => !/Warning/.test(l)).slice(-8).join('\n')}`);
  const log = r.stdout.split('\n').filter((l) => /: (up to date|written)/.test(l));
  return { seconds: (performance.now() - t0) / 1000, log };
}

/** The stamp of a generated model. */
export function stampOf(id: string): BenchStamp {
  return JSON.parse(readFileSync(join(BENCH_MODELS, id, 'bench-stamp.json'), 'utf8')) as BenchStamp;
}

const fileList = (stamp: BenchStamp, keep: (path: string) => boolean): ModelFile[] =>
  stamp.files.filter((f) => keep(f.path) && f.path !== 'bench-stamp.json').map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }));

function encoderEntry(id: string, stamp: BenchStamp, dtype: ModelDtype | undefined): ModelEntry {
  const real = getModel(stamp.shape_of);
  const graph = dtype === 'fp32' ? 'onnx/model.onnx' : undefined;
  return {
    id,
    source: 'project',
    task: 'feature-extraction',
    repo: null,
    revision: null,
    licence: 'Weights: random, made at bench time (never shipped). Tokenizer: see the real model.',
    purpose: `Bench only: random weights with the exact shape of ${stamp.shape_of}.`,
    // The real model's pooling, prefixes and truncation, so the same work is done per text.
    ...(real.embedding ? { embedding: real.embedding } : {}),
    dtype: dtype ? { wasm: dtype, webgpu: dtype, node: dtype } : real.dtype,
    files: fileList(stamp, (p) => !p.endsWith('.onnx') || (graph ? p === graph : true)),
    provenance: `scripts/make-test-models.py --bench-shapes (params ${stamp.params})`,
  };
}

/** Registry entries the bench build adds: MiniLM shape (registry dtypes), the same in fp32, e5 shape. */
export function benchEntries(): ModelEntry[] {
  const minilm = stampOf(SHAPES.minilm);
  return [encoderEntry(SHAPES.minilm, minilm, undefined), encoderEntry(MINILM_FP32, minilm, 'fp32'), encoderEntry(SHAPES.e5, stampOf(SHAPES.e5), undefined)];
}

/** Hard link (same disk, no copy) or copy. */
function place(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Put each entry's files under `<root>/<entry id>/` (MINILM_FP32 reuses the MiniLM folder's files). */
export function placeModels(entries: readonly ModelEntry[], root: string, dtypeFor: (e: ModelEntry) => ModelDtype[]): void {
  for (const e of entries) {
    const sourceId = e.id === MINILM_FP32 ? SHAPES.minilm : e.id;
    const graphs = new Set(dtypeFor(e).map((d) => (d === 'fp32' ? 'onnx/model.onnx' : d === 'q8' ? 'onnx/model_quantized.onnx' : `onnx/model_${d}.onnx`)));
    for (const f of e.files) if (!f.path.endsWith('.onnx') || graphs.has(f.path)) place(join(BENCH_MODELS, sourceId, f.path), join(root, e.id, f.path));
  }
}

/**
 * Build the extension with the bench entries registered (`.output/bench/chrome-mv3`) and place
 * their browser dtype files in its models/ folder; returns the build dir and how long it took.
 */
export function buildBenchExtension(entries: readonly ModelEntry[]): { dir: string; seconds: number } {
  const t0 = performance.now();
  const registryFile = join(BENCH_MODELS, 'bench-registry.json');
  writeFileSync(registryFile, `${JSON.stringify(entries, null, 2)}\n`);
  const r = spawnSync(resolve('node_modules/.bin/wxt'), ['build', '-c', 'scripts/bench/wxt.bench.config.ts'], {
    encoding: 'utf8',
    env: { ...process.env, LOCALRANK_BENCH_REGISTRY: registryFile },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0 || !existsSync(join(BENCH_BUILD, 'manifest.json'))) throw new Error(`bench build failed: ${(r.stdout + r.stderr).slice(-2000)}`);
  placeModels(entries, join(BENCH_BUILD, 'models'), (e) => [e.dtype.wasm]);
  return { dir: BENCH_BUILD, seconds: (performance.now() - t0) / 1000 };
}
