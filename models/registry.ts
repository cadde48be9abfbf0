/**
 * The models LocalRank knows: typed, validated view of `models/registry.json`.
 *
 * The data lives in JSON so that Node scripts (fetch, setup) and the extension read the same
 * file. A `sha256` or `size` of `null` means "not known": nothing in public reach published it.
 * Such a file is checked at download against the hub's own file list for the pinned revision
 * (src/ml/hub-listing.mjs), and its verified sha256 is recorded with the download for every load.
 */
import data from './registry.json';

/** What a model is used for, in transformers.js pipeline terms. */
export type ModelTask = 'feature-extraction' | 'text-generation';
/** Where a model runs; each picks its own dtype. */
export type ModelBackend = 'wasm' | 'webgpu' | 'node';
/** transformers.js dtype names; each maps to one `onnx/model*.onnx` file. */
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';

/** One file of a model, relative to the model folder (`<localModelPath>/<id>/`). */
export interface ModelFile {
  readonly path: string;
  /** Bytes, or null when unknown. */
  readonly size: number | null;
  /** Lower-case hex sha256, or null when unknown. */
  readonly sha256: string | null;
  readonly note?: string;
}

/** How a sentence embedder turns token states into one vector. */
export interface EmbeddingSpec {
  readonly dims: number;
  readonly pooling: 'mean';
  readonly normalize: boolean;
  /** Tokens kept per text (truncation). */
  readonly maxTokens: number;
  /** Text put before queries / passages (e5 needs `query: ` / `passage: `). */
  readonly prefixes: { readonly query: string; readonly passage: string };
}

/** One registry entry. `id` is also the folder name under `localModelPath`. */
export interface ModelEntry {
  readonly id: string;
  /** `hub`: fetched from huggingface.co at `revision`; `project`: made by scripts/make-test-models.py. */
  readonly source: 'hub' | 'project';
  readonly task: ModelTask;
  readonly repo: string | null;
  /** Full 40-hex commit of `repo`; null only for project-made models. */
  readonly revision: string | null;
  readonly licence: string;
  readonly purpose: string;
  readonly embedding?: EmbeddingSpec;
  readonly dtype: Readonly<Record<ModelBackend, ModelDtype>>;
  readonly files: readonly ModelFile[];
  readonly provenance: string;
}

/** The whole registry. */
export interface ModelRegistry {
  readonly schemaVersion: 1;
  readonly defaults: { readonly embedder: string; readonly englishEmbedder: string; readonly llm: string };
  readonly models: readonly ModelEntry[];
}

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const ONNX_FILE: Readonly<Record<ModelDtype, string>> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  q4: 'onnx/model_q4.onnx',
  q4f16: 'onnx/model_q4f16.onnx',
};

/** The ONNX file transformers.js loads for `dtype`. */
export function onnxFileFor(dtype: ModelDtype): string {
  return ONNX_FILE[dtype];
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`models/registry.json: ${message}`);
}

/** Validates registry data (shape, hex formats, safe relative paths) and returns it typed. */
export function parseRegistry(value: unknown): ModelRegistry {
  const registry = value as ModelRegistry;
  check(registry?.schemaVersion === 1, 'schemaVersion must be 1');
  const ids = new Set<string>();
  for (const model of registry.models) {
    check(!ids.has(model.id), `duplicate id ${model.id}`);
    ids.add(model.id);
    if (model.source === 'hub') {
      check(typeof model.repo === 'string' && HEX40.test(model.revision ?? ''), `${model.id}: hub models need repo and a 40-hex revision`);
    }
    for (const file of model.files) {
      check(!file.path.split('/').includes('..') && !file.path.startsWith('/'), `${model.id}: unsafe path ${file.path}`);
      check(file.sha256 === null || HEX64.test(file.sha256), `${model.id}/${file.path}: sha256 must be 64 hex or null`);
      check(file.size === null || Number.isInteger(file.size), `${model.id}/${file.path}: size must be an integer or null`);
    }
  }
  for (const id of Object.values(registry.defaults)) check(ids.has(id), `default ${id} is not registered`);
  return registry;
}

/** The registry shipped with this build. */
export const registry: ModelRegistry = parseRegistry(data);

/** The entry for `id`; throws a clear error for an unknown id. */
export function getModel(id: string): ModelEntry {
  const entry = registry.models.find((model) => model.id === id);
  if (!entry) throw new Error(`unknown model "${id}" (registered: ${registry.models.map((m) => m.id).join(', ')})`);
  return entry;
}

/** Files needed to run `entry` with `dtype`: every non-ONNX file plus that dtype's graph. */
export function filesFor(entry: ModelEntry, dtype: ModelDtype): readonly ModelFile[] {
  const graph = onnxFileFor(dtype);
  return entry.files.filter((file) => !file.path.endsWith('.onnx') || file.path === graph);
}

/** Total bytes of `files`, or null when any size is unknown. */
export function totalSize(files: readonly ModelFile[]): number | null {
  let sum = 0;
  for (const file of files) {
    if (file.size === null) return null;
    sum += file.size;
  }
  return sum;
}
