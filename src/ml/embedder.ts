import { pipeline, Tensor as TensorClass, type FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import { filesFor, type ModelDtype, type ModelEntry } from '../../models/registry';
import { MlError } from './errors';
import { verifyModelFiles, type ModelFileSource } from './integrity';
import { planRuns } from './batching';
import { meanPoolNormalize } from './pooling';
import { createSerialQueue } from './serial-queue';
import { prepareTexts } from './text-input';
import type { EmbedKind, EmbedOptions, EmbedStats, MlDevice, ModelEmbedder } from './types';

/** Options of {@link createEmbedder}. */
export interface EmbedderOptions {
  readonly model: ModelEntry;
  readonly dtype: ModelDtype;
  readonly device: MlDevice;
  /** Files are checked here before loading; null skips the check (tests of the check only). */
  readonly source: ModelFileSource | null;
  /** Texts per ONNX run (default 32). */
  readonly batchSize?: number;
}

/** Unpadded tokenizer output (`return_tensor: false`). */
interface Encoded {
  input_ids: number[][];
  token_type_ids?: number[][];
}
type Tokenize = (texts: string[], options: { padding: false; truncation: true; max_length: number; return_tensor: false }) => Encoded;

/** Characters kept per text before tokenizing: generous for maxTokens (CJK is ~1 char/token). */
const CHARS_PER_TOKEN = 8;

/**
 * Loads a registry embedding model through transformers.js from `env.localModelPath`
 * (call `configureRuntime` first), after verifying its files, and returns an Embedder whose
 * calls run one at a time. Mean pooling + L2 normalisation, the model's prefixes,
 * truncation to the registry's maxTokens.
 */
export async function createEmbedder(options: EmbedderOptions): Promise<ModelEmbedder> {
  const { model, dtype, device } = options;
  const spec = model.embedding;
  if (model.task !== 'feature-extraction' || !spec) {
    throw new MlError('bad-input', `model ${model.id} is not a sentence embedder`);
  }
  if (options.source) await verifyModelFiles(model, filesFor(model, dtype), options.source);
  let pipe: FeatureExtractionPipeline;
  try {
    pipe = await pipeline('feature-extraction', model.id, { dtype, device, local_files_only: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MlError('load-failed', `model ${model.id} (${dtype} on ${device}) failed to load: ${reason}`);
  }
  const queue = createSerialQueue();
  const batchSize = options.batchSize ?? 32;
  const stats: EmbedStats = { calls: 0, texts: 0, runs: 0, tokens: 0, paddedTokens: 0, tokenizeMs: 0, runMs: 0, poolMs: 0, totalMs: 0 };

  const tokenizer = pipe.tokenizer as unknown as Tokenize & { pad_token_id?: number; padding_side?: string };
  const padId = BigInt(tokenizer.pad_token_id ?? 0);
  const padLeft = tokenizer.padding_side === 'left';

  /** One ONNX run over `rows` (indices into `enc`), padded to its longest row only. */
  function tensorsFor(enc: Encoded, rows: readonly number[]): { feeds: Record<string, Tensor>; mask: Uint8Array; seq: number } {
    const seq = Math.max(...rows.map((r) => enc.input_ids[r]!.length));
    const ids = new BigInt64Array(rows.length * seq).fill(padId);
    const mask = new Uint8Array(rows.length * seq);
    const types = enc.token_type_ids ? new BigInt64Array(rows.length * seq) : undefined;
    rows.forEach((r, b) => {
      const row = enc.input_ids[r]!;
      const at = b * seq + (padLeft ? seq - row.length : 0);
      for (let t = 0; t < row.length; t++) {
        ids[at + t] = BigInt(row[t]!);
        mask[at + t] = 1;
        if (types) types[at + t] = BigInt(enc.token_type_ids![r]![t]!);
      }
    });
    const dims = [rows.length, seq];
    const feeds: Record<string, Tensor> = {
      input_ids: new TensorClass('int64', ids, dims),
      attention_mask: new TensorClass('int64', BigInt64Array.from(mask, (m) => BigInt(m)), dims),
    };
    if (types) feeds.token_type_ids = new TensorClass('int64', types, dims);
    return { feeds, mask, seq };
  }

  async function embedNow(texts: string[], kind: EmbedKind, signal?: AbortSignal): Promise<Float32Array[]> {
    const started = performance.now();
    const prepared = prepareTexts(texts, spec!.prefixes[kind], spec!.maxTokens * CHARS_PER_TOKEN);
    const vectors = new Array<Float32Array>(prepared.length);
    if (!prepared.length) return vectors;
    // Tokenised once, unpadded: the lengths plan the runs, and each run is padded only to its own
    // longest text (the tokenizer's own padding would pad a whole call to its longest).
    let t = performance.now();
    const enc = tokenizer(prepared, { padding: false, truncation: true, max_length: spec!.maxTokens, return_tensor: false });
    stats.tokenizeMs += performance.now() - t;
    for (const rows of planRuns(enc.input_ids.map((r) => r.length), batchSize)) {
      if (signal?.aborted) throw new MlError('cancelled', 'embed cancelled');
      t = performance.now();
      const { feeds, mask, seq } = tensorsFor(enc, rows);
      stats.tokenizeMs += performance.now() - t;
      t = performance.now();
      const output = (await pipe.model(feeds)) as { last_hidden_state?: Tensor };
      stats.runMs += performance.now() - t;
      const hidden = output.last_hidden_state;
      if (!hidden || hidden.dims[2] !== spec!.dims) {
        throw new MlError('load-failed', `model ${model.id} gave ${hidden?.dims.join('x') ?? 'no output'}, expected width ${spec!.dims}`);
      }
      t = performance.now();
      const pooled = meanPoolNormalize(hidden.data as Float32Array, hidden.dims, mask);
      rows.forEach((r, b) => (vectors[r] = pooled[b]!));
      stats.poolMs += performance.now() - t;
      stats.runs++;
      stats.paddedTokens += rows.length * seq;
      for (const r of rows) stats.tokens += enc.input_ids[r]!.length;
    }
    stats.calls++;
    stats.texts += texts.length;
    stats.totalMs += performance.now() - started;
    return vectors;
  }

  return {
    id: model.id,
    dims: spec.dims,
    dtype,
    device,
    stats,
    embed(texts: string[], kind: EmbedKind = 'passage', embedOptions?: EmbedOptions) {
      return queue.run(() => embedNow(texts, kind, embedOptions?.signal));
    },
    dispose: () => queue.run(() => pipe.dispose()),
  };
}
