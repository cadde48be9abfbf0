/** The bench's header (machine, versions) and legend. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';

const pkgVersion = (name: string): string => {
  try {
    return (JSON.parse(readFileSync(resolve('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
};

/** Print the machine and software this run measured. */
export function printHeader(mode: string): void {
  const cpu = cpus();
  console.log(`LocalRank bench (${mode}) — ${new Date().toISOString()}`);
  console.log(`machine: ${cpu.length} cores (${cpu[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (shared machine: figures are noisy)`);
  console.log(`software: Node ${process.version}, @huggingface/transformers ${pkgVersion('@huggingface/transformers')}, onnxruntime-node ${pkgVersion('onnxruntime-node')}, onnxruntime-web ${pkgVersion('onnxruntime-web')}`);
}

/** What the figures mean. */
export function printLegend(): void {
  console.log(`
Legend
  cold ms     first embed of one title after the worker was stopped (browser: model.terminate) or before the
              model was loaded (Node): worker start, ORT init, model files read and sha256-checked, session, embed.
  first       first call of that batch size after the cold start (new titles).
  warm p50/95 later calls of that size, new titles each call (so the vector cache never answers); n = calls.
  items/s     batch size ÷ warm p50.
  hit p50/95  the last batch's titles again: served from the IndexedDB vector cache, no model work (browser only).
  warm-hit    warm p50 − hit p50: roughly the offscreen hop, the worker's compute and the cache store.
  Browser figures are timed inside the popup page around chrome.runtime.sendMessage({lr:1, verb:'model.embed'}):
  popup → service worker (cache lookup) → offscreen document → model worker and back. Node figures are
  in-process calls of src/ml/embedder.ts on onnxruntime-node. Titles are short (6–10 tokens).`);
}
