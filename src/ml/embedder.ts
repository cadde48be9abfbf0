import { pipeline, type FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import { filesFor, type ModelDtype, type ModelEntry } from '../../models/registry';
import { MlError } from './errors';
import { verifyModelFiles, type ModelFileSource } from './integrity';
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

  async function embedNow(texts: string[], kind: EmbedKind, signal?: AbortSignal): Promise<Float32Array[]> {
    const started = performance.now();
    const prepared = prepareTexts(texts, spec!.prefixes[kind], spec!.maxTokens * CHARS_PER_TOKEN);
    const vectors: Float32Array[] = [];
    for (let start = 0; start < prepared.length; start += batchSize) {
      if (signal?.aborted) throw new MlError('cancelled', 'embed cancelled');
      let t = performance.now();
      const inputs = pipe.tokenizer(prepared.slice(start, start + batchSize), {
        padding: true,
        truncation: true,
        max_length: spec!.maxTokens,
      });
      const mask = (inputs as { attention_mask: Tensor }).attention_mask.data as ArrayLike<bigint>;
      stats.tokenizeMs += performance.now() - t;
      t = performance.now();
      const output = (await pipe.model(inputs)) as { last_hidden_state?: Tensor };
      stats.runMs += performance.now() - t;
      const hidden = output.last_hidden_state;
      if (!hidden || hidden.dims[2] !== spec!.dims) {
        throw new MlError('load-failed', `model ${model.id} gave ${hidden?.dims.join('x') ?? 'no output'}, expected width ${spec!.dims}`);
      }
      t = performance.now();
      vectors.push(...meanPoolNormalize(hidden.data as Float32Array, hidden.dims, mask));
      stats.poolMs += performance.now() - t;
      stats.runs++;
      stats.paddedTokens += mask.length;
      for (let i = 0; i < mask.length; i++) stats.tokens += Number(mask[i]);
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
