import { describe, expect, it } from 'vitest';
import { wasmThreads } from '../../../src/ml/backend';
import { wasmOnlyPaths } from '../../../src/ml/runtime';

describe('WASM runtime choices', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [8, 4],
    [32, 4],
  ])('%i cores → %i ORT threads (half, at most 4: the page keeps a core)', (cores, threads) => {
    expect(wasmThreads(cores)).toBe(threads);
  });

  it('runs the WASM backend on the WASM-only ORT build, keeping other paths', () => {
    const asyncify = { mjs: 'chrome-extension://x/ort/ort-wasm-simd-threaded.asyncify.mjs', wasm: 'chrome-extension://x/ort/ort-wasm-simd-threaded.asyncify.wasm' };
    expect(wasmOnlyPaths(asyncify)).toEqual({ mjs: 'chrome-extension://x/ort/ort-wasm-simd-threaded.mjs', wasm: 'chrome-extension://x/ort/ort-wasm-simd-threaded.wasm' });
    expect(wasmOnlyPaths('/ort/')).toBe('/ort/');
  });
});
