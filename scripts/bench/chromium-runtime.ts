/**
 * Sections "wasm" and "webgpu": the built extension in Chromium, driven as the content script
 * would drive it (`model.embed` through the service worker → offscreen document → model worker),
 * timed inside the popup page. Every figure therefore includes messaging and the IndexedDB vector
 * cache lookup/store, not only the worker's compute.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROME_BUILD } from '../../test/e2e/chromium-harness';
import { buildWithTestModels } from '../../test/e2e/ext-build';
import { measureBatches, topUp } from './batches';
import type { TimedEmbed } from './batches';
import { rssOf, startChromium } from './chromium-session';
import type { ChromiumBench } from './chromium-session';
import type { MemoryReading, RuntimeFigures } from './figures';
import type { BenchModel } from './models';
import { freshTitles } from './titles';

/** Host status fields the bench reads (src/ml/model-host.ts HostStatus). */
interface HostFacts {
  backend: string;
  threads: number;
  reason: string;
  crossOriginIsolated: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The extension renderer's pid once seen (a stopped worker leaves no thread to find it by). */
let knownPid: number | undefined;

/** A copy of the Chrome build with the test models bundled; registry models must already be in it. */
export function benchBuild(models: readonly BenchModel[]): { dir: string; missing: string[] } {
  const missing = models.filter((m) => !m.testModel && !existsSync(join(CHROME_BUILD, 'models', m.entry.id, 'config.json'))).map((m) => m.entry.id);
  return { dir: buildWithTestModels(CHROME_BUILD, models.filter((m) => m.testModel).map((m) => m.entry.id)), missing };
}

const timed = (b: ChromiumBench): TimedEmbed => async (texts) => {
  const r = await b.embed(texts);
  if (!r.ok) throw new Error(`model.embed failed: ${r.error ?? 'no reason'}`);
  return r;
};

async function hostFacts(b: ChromiumBench): Promise<HostFacts | undefined> {
  return ((await b.send('model.status')) as { host?: HostFacts }).host;
}

/** Choose `modelId` and make the first embed (offscreen document, worker and model all start): its time. */
export async function firstEmbed(b: ChromiumBench, modelId: string, backend: 'wasm' | 'webgpu'): Promise<number> {
  await b.send('settings.patch', { modelId, backend });
  return (await timed(b)(freshTitles(1))).ms;
}

/**
 * WASM with `threads` threads: the offscreen document is told it has twice that many cores (CDP
 * Emulation.setHardwareConcurrencyOverride), the backend preference is flipped so the host chooses
 * again (src/ml/backend.ts), and `model.status` must then report that many threads.
 */
export async function benchWasm(b: ChromiumBench, model: BenchModel, threads: number, runs: number, memoryAfter: number, flip: 'wasm' | 'auto'): Promise<RuntimeFigures> {
  await b.setCores(threads * 2); // src/ml/backend.ts wasmThreads: half the cores
  await b.send('settings.patch', { backend: flip });
  await b.send('model.terminate');
  await sleep(1500);
  const pidBefore = b.workerProcess() ?? knownPid;
  const rssBefore = pidBefore === undefined ? undefined : rssOf(pidBefore);
  const embed = timed(b);
  const coldMs = (await embed(freshTitles(1))).ms;
  const host = await hostFacts(b);
  if (host?.backend !== 'wasm' || host.threads !== threads) throw new Error(`expected WASM with ${threads} threads, host says ${JSON.stringify(host)}`);
  const { rows, computed } = await measureBatches(embed, { runs, cacheHits: true });
  const total = await topUp(embed, computed + 1, memoryAfter);
  const heap = await b.workerHeap();
  const swHeap = await b.heapOf('/background.js');
  const offHeap = await b.heapOf('/offscreen.html');
  const pid = b.workerProcess();
  if (pid !== undefined) knownPid = pid;
  const rss = pid === undefined ? undefined : rssOf(pid);
  await b.send('model.terminate');
  await sleep(1500);
  const rssAfterNoGc = pid === undefined ? undefined : rssOf(pid);
  await b.gcOffscreen();
  await sleep(1500);
  const rssAfter = pid === undefined ? undefined : rssOf(pid);
  const memory: MemoryReading[] = [
    { what: 'RSS of that process before the cold start (worker stopped 1.5 s earlier)', bytes: pidBefore === pid ? rssBefore : undefined },
    { what: 'worker JS heap used (CDP Runtime.getHeapUsage; excludes WASM memory)', bytes: heap?.usedSize },
    { what: 'worker ArrayBuffers (same call, backingStorageSize; excludes WASM memory)', bytes: heap?.backingStorageSize },
    { what: 'service worker JS heap used (same call)', bytes: swHeap?.usedSize },
    { what: 'offscreen document JS heap used (same call)', bytes: offHeap?.usedSize },
    { what: 'RSS of the renderer process hosting the worker (/proc; incl. WASM memory, offscreen doc, any co-hosted extension page)', bytes: rss },
    { what: 'same process RSS 1.5 s after model.terminate', bytes: rssAfterNoGc },
    { what: 'same, after a forced GC in the offscreen document + 1.5 s', bytes: rssAfter },
  ];
  return {
    runtime: `Chromium WASM ${threads} thread${threads > 1 ? 's' : ''}`,
    modelId: model.entry.id,
    dtype: model.entry.dtype.wasm,
    coldMs,
    rows,
    memory,
    memoryAfter: total,
    notes: [`host: ${JSON.stringify(host)}`],
  };
}

/** WebGPU on SwiftShader (`--enable-unsafe-webgpu`): correctness-grade timings, reported, never compared. */
export async function benchWebgpu(model: BenchModel, extensionDir: string, runs: number): Promise<{ figures: RuntimeFigures; version: string }> {
  const b = await startChromium(extensionDir, ['--enable-unsafe-webgpu']);
  try {
    let coldMs = await firstEmbed(b, model.entry.id, 'webgpu');
    let host = await hostFacts(b);
    const misses: string[] = [];
    // Under load the SwiftShader adapter request has come back null once; the host then keeps
    // WASM until the preference changes, so flip it and try again (reported in the notes).
    for (let attempt = 0; host?.backend !== 'webgpu' && attempt < 3; attempt++) {
      misses.push(host?.reason ?? 'no host status');
      await b.send('settings.patch', { backend: 'wasm' });
      await sleep(2000);
      coldMs = await firstEmbed(b, model.entry.id, 'webgpu');
      host = await hostFacts(b);
    }
    if (host?.backend !== 'webgpu') throw new Error(`WebGPU was not used: ${JSON.stringify(host)}; earlier: ${misses.join('; ')}`);
    const { rows } = await measureBatches(timed(b), { runs, cacheHits: false, budgetMs: 5_000 });
    return {
      version: b.version,
      figures: {
        runtime: 'Chromium WebGPU (SwiftShader)',
        modelId: model.entry.id,
        dtype: model.entry.dtype.webgpu,
        coldMs,
        rows,
        memory: [],
        memoryAfter: 0,
        notes: [
          `cold start ${misses.length ? 'is a worker restart after WebGPU was chosen again' : 'includes offscreen document creation'}; host: ${JSON.stringify(host)}`,
          ...(misses.length ? [`WebGPU was not chosen at first (${misses.join('; ')}); retried ${misses.length}×`] : []),
        ],
      },
    };
  } finally {
    await b.close();
  }
}
