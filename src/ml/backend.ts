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
 * WebGPU only with a real (non-fallback) adapter: a software adapter (SwiftShader) is correct but
 * 60–200× slower than WASM. WASM threads only where SharedArrayBuffer exists (Chromium extension
 * pages and offscreen documents; not Firefox extension pages, not the service worker).
 */
export async function chooseBackend(prefer: BackendPreference = 'auto', scope: { navigator?: Navigator } = globalThis): Promise<BackendChoice> {
  const threads = typeof SharedArrayBuffer === 'function' ? Math.max(1, Math.min(4, scope.navigator?.hardwareConcurrency ?? 1)) : 1;
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
