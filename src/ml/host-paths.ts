import { browser } from 'wxt/browser';
import type { WasmPaths } from './wasm-paths';

/** Absolute URL of a file in the extension package (any path, not only WXT's known ones). */
export const extUrl = (path: string): string => (browser.runtime.getURL as (p: string) => string)(path);

/** Model files bundled in the extension (`public/models/` at build time). */
export const modelBaseUrl = (): string => extUrl('/models/');

/**
 * ORT's glue and wasm, shipped in the extension (copied at build by wxt.config.ts): MV3 forbids
 * remote code, and the bundled glue would make thread workers load the page's HTML.
 */
export const ortPaths = (): WasmPaths => ({
  mjs: extUrl('/ort/ort-wasm-simd-threaded.asyncify.mjs'),
  wasm: extUrl('/ort/ort-wasm-simd-threaded.asyncify.wasm'),
});
