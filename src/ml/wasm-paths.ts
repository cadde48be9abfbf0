/**
 * ORT file paths, without importing transformers.js: the background and the offscreen document
 * (which only host the worker) must not load the whole library just to name its files.
 */

/**
 * Where ORT's own files live. MV3 forbids remote code and transformers.js 4.3.1 defaults to a
 * CDN, so the host must point this inside the extension, e.g.
 * `{ mjs: browser.runtime.getURL('/ort/ort-wasm-simd-threaded.asyncify.mjs'), wasm: browser.runtime.getURL('/ort/ort-wasm-simd-threaded.asyncify.wasm') }`
 * (transformers.js 4.3.1 imports onnxruntime-web/webgpu, whose bundle loads the asyncify pair),
 * or the prefix `browser.runtime.getURL('/ort/')`. Serve the `.mjs` too: the bundled glue
 * makes thread workers load the page's HTML (see TOOLCHAIN-FACTS).
 */
export type WasmPaths = string | { readonly mjs: string; readonly wasm: string };

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
