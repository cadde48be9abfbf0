/**
 * Fill the vector cache for missing texts with one USE-lite worker per core: the TF.js WASM
 * backend runs single-threaded in Node, so two workers halve the first run on this machine.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { VectorCache } from './vector-cache';

// Node 20 workers ignore `--import tsx` in execArgv, so the worker registers tsx itself.
const BOOT = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./use-lite-worker.ts', import.meta.url).href)}); })`;

function startWorker(modelDir: string): Promise<Worker> {
  const w = new Worker(BOOT, { eval: true, workerData: { modelDir } });
  return new Promise((resolve, reject) => {
    w.once('message', () => resolve(w));
    w.once('error', reject);
  });
}

function run(w: Worker, texts: string[]): Promise<Float32Array[]> {
  return new Promise((resolve, reject) => {
    // The error listener is removed on success: one per chunk would pile up on the worker.
    const fail = (err: Error): void => reject(err);
    w.once('error', fail);
    w.once('message', (v: Float32Array[]) => {
      w.off('error', fail);
      resolve(v);
    });
    w.postMessage(texts);
  });
}

// The cache file is rewritten whole on save, so saving after every chunk would write
// O(texts²) bytes on a cold run; once a minute still keeps an interrupted run's work.
const SAVE_EVERY_MS = 60_000;

/** Embed every text not yet cached, saving at least once a minute so an interrupted run keeps its work. */
export async function fillCache(cache: VectorCache, texts: Iterable<string>, modelDir: string, log: (s: string) => void): Promise<void> {
  const missing = [...new Set(texts)].filter((t) => !cache.has(t));
  if (missing.length === 0) return;
  const n = Math.max(1, Math.min(availableParallelism(), 4));
  log(`use-lite: embedding ${missing.length} new texts with ${n} workers`);
  const workers = await Promise.all(Array.from({ length: n }, () => startWorker(modelDir)));
  const t0 = Date.now();
  let saved = t0;
  try {
    for (let i = 0; i < missing.length; i += 400 * n) {
      const chunks = workers.map((_, k) => missing.slice(i + k * 400, i + (k + 1) * 400));
      const results = await Promise.all(workers.map((w, k) => run(w, chunks[k] ?? [])));
      results.forEach((vecs, k) => vecs.forEach((v, j) => cache.put(chunks[k]?.[j] ?? '', v)));
      if (Date.now() - saved > SAVE_EVERY_MS) {
        cache.save();
        saved = Date.now();
      }
      log(`use-lite: ${Math.min(i + 400 * n, missing.length)}/${missing.length} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
  } finally {
    cache.save();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
