/** Tables of the model-runtime sections. */
import type { RuntimeFigures } from './figures';
import { mib, ms, num, printTable } from './stats';

/** Cold start, then per batch size: first call, warm p50/p95, items/s, cache hits. */
export function printRuntime(title: string, figures: readonly RuntimeFigures[]): void {
  printTable(
    `${title}: cold start (first embed of 1 title from a stopped worker / unloaded model, load included)`,
    ['runtime', 'model', 'dtype', 'cold ms'],
    figures.map((f) => [f.runtime, f.modelId, f.dtype, ms(f.coldMs)]),
  );
  const rows: string[][] = [];
  for (const f of figures) {
    for (const r of f.rows) {
      rows.push([
        f.runtime, String(r.size), ms(r.firstMs), ms(r.warm.p50), ms(r.warm.p95), String(r.warm.n), num(r.itemsPerSec),
        ms(r.hit?.p50), ms(r.hit?.p95), r.hit ? ms(r.warm.p50 - r.hit.p50) : '—', r.valid ? '' : 'INVALID (cache hit/miss mix-up)',
      ]);
    }
  }
  printTable(
    `${title}: batch latency in ms (new titles each call) and cache hits (same titles again)`,
    ['runtime', 'batch', 'first', 'warm p50', 'warm p95', 'n', 'items/s', 'hit p50', 'hit p95', 'warm-hit p50', ''],
    rows,
  );
  for (const f of figures) for (const n of f.notes) console.log(`  ${f.runtime}: ${n}`);
}

/** Browser WASM items/s ÷ onnxruntime-node items/s, per batch size, same model and dtype, same run. */
export function printRatios(node: RuntimeFigures, wasm: readonly RuntimeFigures[]): void {
  const rows = node.rows.map((n) => {
    const cells = [node.modelId, String(n.size), num(n.itemsPerSec)];
    for (const w of wasm) {
      const r = w.rows.find((x) => x.size === n.size);
      cells.push(num(r?.itemsPerSec), r ? (r.itemsPerSec / n.itemsPerSec).toFixed(2) : '—');
    }
    return cells;
  });
  printTable(
    `WASM in the extension ÷ onnxruntime-node (${node.dtype} on both; warm p50 items/s; browser side includes messaging + cache)`,
    ['model', 'batch', `${node.runtime} items/s`, ...wasm.flatMap((w) => [`${w.runtime} items/s`, 'ratio'])],
    rows,
  );
}

/** Memory readings, each labelled with what it measures. */
export function printMemory(figures: readonly RuntimeFigures[]): void {
  const rows = figures.flatMap((f) => f.memory.map((m) => [f.runtime, f.modelId, num(f.memoryAfter), m.what, mib(m.bytes)]));
  if (rows.length) printTable('Memory after the embeddings (MiB)', ['runtime', 'model', 'embeddings', 'what', 'MiB'], rows);
}
