import type { ModelBackend } from '../../models/registry';

/** The user's choice in the options page: automatic, or one backend forced. */
export type BackendPreference = 'auto' | 'wasm' | 'webgpu';

/** Which ORT backend this context can run, and why. */
export interface BackendChoice {
  backend: Extract<ModelBackend, 'wasm' | 'webgpu'>;
  threads: number;
  /** Why WebGPU was not used (no API, no adapter, a software fallback adapter, or a forced WASM). */
  reason: string;
}

interface GpuLike {
  requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } } | null>;
}

/**
 * WASM threads for `cores` logical cores: half of them, at most 4 (onnxruntime-web's own default).
 * ORT's pool spin-waits; on a 2-core machine a second thread cost 65–75% more CPU for the same
 * embeddings and was slower in wall time too, while the page and the browser need a core (bench
 * realsize, CPU seconds of the renderer per 128 titles: 2.0 s on 1 thread vs 3.3–3.6 s on 2).
 */
export function wasmThreads(cores: number): number {
  return Math.max(1, Math.min(4, Math.ceil(cores / 2)));
}

/**
 * WebGPU only with a real (non-fallback) adapter: a software adapter (SwiftShader) is correct but
 * 60–200× slower than WASM. WASM threads only where SharedArrayBuffer exists (Chromium extension
 * pages and offscreen documents; not Firefox extension pages, not the service worker).
 */
export async function chooseBackend(prefer: BackendPreference = 'auto', scope: { navigator?: Navigator } = globalThis): Promise<BackendChoice> {
  const threads = typeof SharedArrayBuffer === 'function' ? wasmThreads(scope.navigator?.hardwareConcurrency ?? 1) : 1;
  const wasm = (reason: string): BackendChoice => ({ backend: 'wasm', threads, reason });
  if (prefer === 'wasm') return wasm('WASM chosen in settings');
  const gpu = (scope.navigator as Navigator & { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return wasm('this browser has no WebGPU');
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return wasm('no WebGPU adapter');
    const fallback = adapter.isFallbackAdapter ?? adapter.info?.isFallbackAdapter ?? false;
    if (fallback && prefer !== 'webgpu') return wasm('only a software WebGPU adapter (slower than WASM)');
    return { backend: 'webgpu', threads, reason: fallback ? 'software WebGPU adapter, chosen in settings' : 'WebGPU adapter' };
  } catch (e) {
    return wasm(`WebGPU failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
