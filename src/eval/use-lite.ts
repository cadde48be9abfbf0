/**
 * The real English sentence encoder (Universal Sentence Encoder lite, 512-d, TF.js WASM),
 * loaded from a local folder. Used only by the offline evaluation, in Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initModel } from '@energetic-ai/embeddings';
import type { EmbeddingsModel, EmbeddingsModelData } from '@energetic-ai/embeddings';
import * as core from '@energetic-ai/core';

// @energetic-ai/core re-exports tfjs-converter at run time, but the types of that package are
// not installed (the JS is bundled), so the one function used is typed here.
type LoadGraphModel = (handler: unknown) => Promise<EmbeddingsModelData['model']>;
const loadGraphModel = (core as unknown as { loadGraphModel: LoadGraphModel }).loadGraphModel;
const { io } = core;

export const USE_LITE_ID = 'use-lite';
export const USE_LITE_DIMS = 512;

/** Load the model from `<dir>/model.json` and `<dir>/vocab.json`. */
export function loadUseLite(dir: string): Promise<EmbeddingsModel> {
  return initModel(async () => ({
    model: await loadGraphModel(io.fileSystem(join(dir, 'model.json'))),
    vocabulary: JSON.parse(readFileSync(join(dir, 'vocab.json'), 'utf8')),
  }));
}

/**
 * Embed in batches of 4: the package's input builder concatenates arrays quadratically, so
 * small batches measured fastest (≈ 11 ms a title on this CPU).
 */
export async function embedAll(model: EmbeddingsModel, texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 4) {
    // USE-lite returns NaN for an empty string; a single space gives its "no content" vector.
    const batch = texts.slice(i, i + 4).map((t) => (t.trim() ? t : ' '));
    const vecs = await model.embed(batch);
    for (const v of vecs) out.push(Float32Array.from(v));
    onBatch?.(out.length);
  }
  return out;
}
