/** Which LLMs the bench's llm section runs: the project's tiny LM, and the SmolLM2-360M-shaped one when generated. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getModel, type ModelEntry } from '../../models/registry';

/** An LLM to bench and where its files are (`<root>/<id>/…`). */
export interface BenchLlm {
  readonly entry: ModelEntry;
  readonly root: string;
  /** Small enough to bench in Chromium on every run (the real-shape one only without --quick). */
  readonly tiny: boolean;
}

export const TINY_LM = 'localrank-test/tiny-lm';
/** Made by `scripts/make-test-models.py --bench-shapes` (the realsize section); not generated here. */
export const SMOLLM_SHAPE = 'localrank-bench/SmolLM2-360M-shape';
const BENCH_MODELS = resolve('.cache/bench-models');

/** Registry-like entry for the SmolLM2-shaped random model, from its stamp (the real model's dtypes). */
function shapeEntry(): ModelEntry | undefined {
  const stampFile = join(BENCH_MODELS, SMOLLM_SHAPE, 'bench-stamp.json');
  if (!existsSync(stampFile)) return undefined;
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { files: { path: string; size: number; sha256: string }[]; params: number };
  const real = getModel('HuggingFaceTB/SmolLM2-360M-Instruct');
  return {
    id: SMOLLM_SHAPE,
    source: 'project',
    task: 'text-generation',
    repo: null,
    revision: null,
    licence: 'Weights: random, made at bench time (never shipped).',
    purpose: 'Bench only: random weights with the exact shape of HuggingFaceTB/SmolLM2-360M-Instruct.',
    // q4 on WASM and Node as the real model; its q4f16 WebGPU graph is not generated.
    dtype: { wasm: real.dtype.wasm, webgpu: real.dtype.wasm, node: real.dtype.node },
    files: stamp.files.filter((f) => f.path !== 'bench-stamp.json'),
    provenance: `scripts/make-test-models.py --bench-shapes (params ${stamp.params})`,
  };
}

/** The LLMs present on this machine. */
export function benchLlms(): BenchLlm[] {
  const out: BenchLlm[] = [{ entry: getModel(TINY_LM), root: resolve('test/models'), tiny: true }];
  const shape = shapeEntry();
  if (shape && existsSync(join(BENCH_MODELS, SMOLLM_SHAPE, 'onnx/model_q4.onnx'))) out.push({ entry: shape, root: BENCH_MODELS, tiny: false });
  return out;
}
