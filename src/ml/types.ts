import type { ModelDtype } from '../../models/registry';

/** Which side of a retrieval pair a text is; e5-style models prefix them differently. */
export type EmbedKind = 'query' | 'passage';

/** ORT execution device as transformers.js names it ('cpu' is onnxruntime-node). */
export type MlDevice = 'wasm' | 'webgpu' | 'cpu';

/** Per-call options of an embed. */
export interface EmbedOptions {
  /** Aborts between batches; the call then rejects with code `cancelled`. */
  readonly signal?: AbortSignal;
}

/** A sentence embedder: normalised vectors of `dims` floats, one per input text, in order. */
export interface Embedder {
  readonly id: string;
  readonly dims: number;
  embed(texts: string[], kind?: EmbedKind, options?: EmbedOptions): Promise<Float32Array[]>;
}

/** Where an embedder's time went, summed over its calls (ms; tokens as fed to the model). */
export interface EmbedStats {
  calls: number;
  texts: number;
  /** ONNX runs (a call is split into runs of similar-length texts). */
  runs: number;
  /** Real tokens, and tokens fed to the model including padding. */
  tokens: number;
  paddedTokens: number;
  tokenizeMs: number;
  /** transformers.js model call: input tensors, ORT session.run, output tensors. */
  runMs: number;
  poolMs: number;
  /** Whole embed calls, queue wait excluded. */
  totalMs: number;
}

/** An embedder that owns a loaded model. */
export interface ModelEmbedder extends Embedder {
  readonly dtype: ModelDtype;
  readonly device: MlDevice;
  /** Running totals of where time went (read a copy before and after a call for its share). */
  readonly stats?: Readonly<EmbedStats>;
  /** Frees the ONNX session; the embedder is unusable afterwards. */
  dispose(): Promise<void>;
}
