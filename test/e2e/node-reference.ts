import { resolve } from 'node:path';
import { getModel } from '../../models/registry';
import type { ModelDtype } from '../../models/registry';
import { createEmbedder } from '../../src/ml/embedder';
import { configureRuntime } from '../../src/ml/runtime';

/** The same model through onnxruntime-node, as the reference the browser's vectors must match. */
export async function nodeEmbed(id: string, dtype: ModelDtype, texts: string[]): Promise<number[][]> {
  configureRuntime({ localModelPath: resolve('test/models') + '/', backend: 'node' });
  const e = await createEmbedder({ model: getModel(id), dtype, device: 'cpu', source: null });
  const out = (await e.embed(texts)).map((v) => Array.from(v));
  await e.dispose();
  return out;
}
