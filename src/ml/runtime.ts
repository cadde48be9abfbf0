import { env } from '@huggingface/transformers';
import type { ModelBackend } from '../../models/registry';
import type { MlDevice } from './types';

/**
 * Where ORT's own files live. MV3 forbids remote code and transformers.js 4.3.1 defaults to a
 * CDN, so the host must point this inside the extension, e.g.
 * `{ mjs: browser.runtime.getURL('/ort/ort-wasm-simd-threaded.asyncify.mjs'), wasm: browser.runtime.getURL('/ort/ort-wasm-simd-threaded.asyncify.wasm') }`
 * (transformers.js 4.3.1 imports onnxruntime-web/webgpu, whose bundle loads the asyncify pair),
 * or the prefix `browser.runtime.getURL('/ort/')`. Serve the `.mjs` too: the bundled glue
 * makes thread workers load the page's HTML (see TOOLCHAIN-FACTS).
 */
export type WasmPaths = string | { readonly mjs: string; readonly wasm: string };

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

/**
 * The WASM-only ORT build for the WASM backend: the asyncify build that transformers.js loads by
 * default exists for WebGPU (it can suspend into JS), and its instrumentation slows every kernel:
 * on the MiniLM shape the WASM-only build took 25–30% less CPU and wall time per batch, and its
 * first calls (before V8 optimises the code) were ~3× faster. Both builds share the JS API.
 * Paths without `.asyncify.` are kept as they are.
 */
export function wasmOnlyPaths(paths: WasmPaths): WasmPaths {
  const plain = (url: string) => url.replace('ort-wasm-simd-threaded.asyncify.', 'ort-wasm-simd-threaded.');
  return typeof paths === 'string' ? paths : { mjs: plain(paths.mjs), wasm: plain(paths.wasm) };
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
