/** Section "node": the models through onnxruntime-node, in this process, as the native reference. */
import type { ModelDtype } from '../../models/registry';
import { createEmbedder } from '../../src/ml/embedder';
import { nodeFileSource } from '../../src/ml/node-file-source';
import { configureRuntime } from '../../src/ml/runtime';
import type { ModelEmbedder } from '../../src/ml/types';
import { measureBatches, topUp } from './batches';
import type { TimedEmbed } from './batches';
import type { RuntimeFigures } from './figures';
import type { BenchModel } from './models';
import { freshTitles } from './titles';

/** Run the protocol on onnxruntime-node for `model` in `dtype` (sha256 checked at load, as in the worker). */
export async function benchNode(model: BenchModel, dtype: ModelDtype, runs: number, memoryAfter: number): Promise<RuntimeFigures> {
  configureRuntime({ localModelPath: model.nodeRoot, backend: 'node' });
  const t0 = performance.now();
  const embedder: ModelEmbedder = await createEmbedder({ model: model.entry, dtype, device: 'cpu', source: nodeFileSource(model.nodeRoot) });
  await embedder.embed(freshTitles(1));
  const coldMs = performance.now() - t0;
  const embed: TimedEmbed = async (texts) => {
    const t = performance.now();
    await embedder.embed(texts);
    return { ms: performance.now() - t, computed: texts.length };
  };
  try {
    const { rows, computed } = await measureBatches(embed, { runs, cacheHits: false });
    const total = await topUp(embed, computed + 1, memoryAfter);
    const m = process.memoryUsage();
    return {
      runtime: `onnxruntime-node ${dtype}`,
      modelId: model.entry.id,
      dtype,
      coldMs,
      rows,
      memory: [
        { what: 'process RSS (whole bench process)', bytes: m.rss },
        { what: 'JS heap used', bytes: m.heapUsed },
        { what: 'external (incl. ArrayBuffers)', bytes: m.external },
      ],
      memoryAfter: total,
      notes: ['in-process calls; ORT default intra-op threads'],
    };
  } finally {
    await embedder.dispose();
  }
}
