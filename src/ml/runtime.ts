import { env } from '@huggingface/transformers';
import type { ModelBackend } from '../../models/registry';
import type { MlDevice } from './types';
import type { WasmPaths } from './wasm-paths';

// Kept apart so that the hosts (service worker, offscreen document) never load transformers.js.
export { wasmOnlyPaths } from './wasm-paths';
export type { WasmPaths } from './wasm-paths';

/** What the host tells the model runtime once, before any model loads. */
export interface RuntimeConfig {
  /** Root holding `<model id>/...`: an extension URL (`chrome-extension://…/models/`) or a Node path. */
  readonly localModelPath: string;
  /** Which registry dtype column to use, and which device. */
  readonly backend: ModelBackend;
  readonly wasmPaths?: WasmPaths;
  /** WASM threads; 1 where SharedArrayBuffer is missing (Firefox pages, service worker). */
  readonly numThreads?: number;
  /** Verify sha256 of model files before loading (default true). */
  readonly verify?: boolean;
}


/** The ORT device for a backend. */
export function deviceFor(backend: ModelBackend): MlDevice {
  return backend === 'node' ? 'cpu' : backend;
}

/** Applies `config` to transformers.js' global env: local files only, never the hub. */
export function configureRuntime(config: RuntimeConfig): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = config.localModelPath;
  env.useBrowserCache = false; // files are already local; a second copy in Cache Storage only costs space
  // transformers.js would otherwise re-serve ORT's .mjs from a blob: URL inside workers, which the
  // extension CSP (script-src 'self') refuses to import; the files are local already.
  (env as { useWasmCache?: boolean }).useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    if (config.wasmPaths !== undefined) wasm.wasmPaths = config.wasmPaths;
    if (config.numThreads !== undefined) wasm.numThreads = config.numThreads;
  }
}
