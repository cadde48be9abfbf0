import { filesFor, getModel, type ModelFile } from '../../models/registry';
import { isDownloaded, pinning } from '../ml/downloads';
import { bundled, downloadKey } from '../ml/model-service';
import { openModelCache } from '../ml/model-store';
import type { LlmSettings } from '../settings/llm-settings';

/**
 * The files the LLM needs on this user's backend choice: the WebGPU weights, plus the WASM ones
 * only when WASM may run (chosen, or accepted as the fallback). Each is one 270+ MB graph for a
 * real model, so nothing else is downloaded.
 */
export function llmFiles(modelId: string, llm: Pick<LlmSettings, 'backend' | 'acceptWasm'>): ModelFile[] {
  const model = getModel(modelId);
  const dtypes = llm.backend === 'wasm' ? [model.dtype.wasm] : llm.acceptWasm ? [model.dtype.webgpu, model.dtype.wasm] : [model.dtype.webgpu];
  const seen = new Map<string, ModelFile>();
  for (const d of new Set(dtypes)) for (const f of filesFor(model, d)) seen.set(f.path, f);
  return [...seen.values()];
}

/**
 * What the options page says before a download: bytes of the files the registry pins, and the
 * files whose size and hash come from the hub's file list for the pinned commit at download time.
 */
export function llmDownloadPlan(files: readonly ModelFile[]): { pinned: ModelFile[]; listed: ModelFile[]; pinnedBytes: number } {
  const { pinned, listed } = pinning(files);
  return { pinned, listed, pinnedBytes: pinned.reduce((s, f) => s + (f.size ?? 0), 0) };
}

/** Is the LLM installed for this backend choice: bundled, or its files downloaded? */
export async function llmInstalled(modelId: string, llm: Pick<LlmSettings, 'backend' | 'acceptWasm'>): Promise<'bundled' | 'downloaded' | null> {
  if (await bundled(modelId)) return 'bundled';
  return (await isDownloaded(modelId, await openModelCache(), downloadKey, llmFiles(modelId, llm))) ? 'downloaded' : null;
}
