/** The figures every runtime section produces, so one printer serves them all. */
import type { ModelDtype } from '../../models/registry';
import type { BatchFigures } from './batches';

/** One memory reading, labelled by exactly what it measures. */
export interface MemoryReading {
  readonly what: string;
  readonly bytes: number | undefined;
}

/** Figures of one model and dtype on one runtime. */
export interface RuntimeFigures {
  /** e.g. `onnxruntime-node q8`, `Chromium WASM 2 threads`. */
  readonly runtime: string;
  readonly modelId: string;
  readonly dtype: ModelDtype;
  /** First embed of one title from a stopped worker / unloaded model, load included. */
  readonly coldMs: number;
  readonly rows: BatchFigures[];
  readonly memory: readonly MemoryReading[];
  /** Embeddings computed by this worker / embedder when memory was read (0: not read). */
  readonly memoryAfter: number;
  readonly notes: string[];
}
