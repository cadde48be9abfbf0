import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerLike } from '../../../src/ml/client';
import { ModelHost } from '../../../src/ml/model-host';
import type { WorkerRequest } from '../../../src/ml/protocol';

/**
 * A worker whose WebGPU backend fails at run time (as a lost or broken GPU does) while WASM works.
 * It answers the real protocol, so the host's client, fallback and restart run for real.
 */
function flakyGpuWorker(log: string[]): WorkerLike {
  let backend = '';
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => void log.push('terminate'),
    postMessage(message: unknown) {
      const m = message as WorkerRequest;
      const reply = (data: unknown) => queueMicrotask(() => w.onmessage?.({ data }));
      if (m.kind === 'init') {
        backend = m.config.backend;
        log.push(`init ${backend}`);
        return reply({ kind: 'init', id: m.id });
      }
      if (m.kind === 'embed') {
        if (backend === 'webgpu') return reply({ kind: 'error', id: m.id, request: 'embed', code: 'load-failed', message: 'GPU device lost' });
        return reply({ kind: 'embed', id: m.id, vectors: m.texts.map(() => new Float32Array([1, 0])), ms: 1 });
      }
      if (m.kind === 'ping') return reply({ kind: 'ping', id: m.id, loaded: [] });
      return reply({ kind: 'error', id: m.id, request: m.kind, code: 'internal', message: 'unexpected' });
    },
  };
  return w;
}

const realNavigator = globalThis.navigator;
afterEach(() => Object.defineProperty(globalThis, 'navigator', { value: realNavigator, configurable: true }));

function withGpu(fallbackAdapter: boolean): void {
  const gpu = { requestAdapter: async () => ({ isFallbackAdapter: fallbackAdapter }) };
  Object.defineProperty(globalThis, 'navigator', { value: { ...realNavigator, hardwareConcurrency: 2, gpu }, configurable: true });
}

describe('ModelHost backend choice and run-time fallback', () => {
  it('uses WebGPU with a real adapter, and when it fails at run time moves to WASM without losing the request', async () => {
    withGpu(false);
    const log: string[] = [];
    const host = new ModelHost({ createWorker: () => flakyGpuWorker(log), localModelPath: '/models/', wasmPaths: '/ort/' });
    const vectors = await host.embed('m', ['a', 'b'], 'passage');
    expect(vectors).toHaveLength(2);
    expect(log).toEqual(['init webgpu', 'terminate', 'init wasm']);
    const status = await host.status();
    expect(status).toMatchObject({ backend: 'wasm', webgpuFailed: expect.stringMatching(/GPU device lost/) });
  });

  it('never picks a software (fallback) WebGPU adapter unless the user forces WebGPU', async () => {
    withGpu(true);
    const log: string[] = [];
    const host = new ModelHost({ createWorker: () => flakyGpuWorker(log), localModelPath: '/models/', wasmPaths: '/ort/' });
    await host.embed('m', ['a'], 'passage');
    expect(log[0]).toBe('init wasm');
    expect((await host.status()).reason).toMatch(/software WebGPU adapter/);
    host.setPreference('webgpu');
    await host.embed('m', ['a'], 'passage'); // forced WebGPU fails here too, and still answers on WASM
    expect(log.filter((l) => l.startsWith('init'))).toEqual(['init wasm', 'init webgpu', 'init wasm']);
  });

  it('terminate() gives the worker back; the next call starts a new one', async () => {
    withGpu(false);
    const created = vi.fn();
    const host = new ModelHost({ createWorker: () => (created(), flakyGpuWorker([])), localModelPath: '/models/', wasmPaths: '/ort/' });
    host.setPreference('wasm');
    await host.embed('m', ['a'], 'passage');
    host.terminate();
    await host.embed('m', ['a'], 'passage');
    expect(created).toHaveBeenCalledTimes(2);
  });
});
