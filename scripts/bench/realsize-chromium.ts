/**
 * The realsize section in Chromium: the bench build of the extension (real-shape models
 * registered and bundled), driven from its popup as the existing wasm section does, so every
 * figure includes messaging, the queue and the IndexedDB vector cache. Per cell, the offscreen
 * host's timing (src/ml/model-host.ts HostTiming) before and after gives the stage breakdown.
 */
import { readFileSync } from 'node:fs';
import type { HostTiming } from '../../src/ml/model-host';
import { rssOf } from './chromium-session';
import type { ChromiumBench } from './chromium-session';
import type { GridCell } from './realsize-child';
import { sizedTitles } from './sized-titles';
import { summarize } from './stats';
import { freshTitles } from './titles';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** CPU ms (user + system, all threads) of a process so far, from /proc (clock ticks of 10 ms). */
function cpuOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Browser cell: the child's figures plus the host's timing and the cache-hit path. */
export interface BrowserCell extends GridCell {
  readonly host?: HostTiming;
  /** The same titles again (vector cache hits): popup ↔ service worker ↔ IndexedDB only. */
  readonly hitMs?: number;
}

/** Facts of the run in one browser. */
export interface BrowserRun {
  readonly runtime: string;
  readonly modelId: string;
  readonly dtype: string;
  readonly coldMs: number;
  readonly cells: BrowserCell[];
  readonly host: unknown;
  /** ms of each warm-up call (16 titles of 32 tokens): the first ones run on unoptimised WASM code. */
  readonly warmup: number[];
  /** Renderer RSS after the embeddings, and after the worker was stopped (+ GC): the difference is the worker's. */
  readonly memory?: { embeddings: number; workerHeap?: number; rss: number | undefined; rssWithoutWorker?: number; ms: number };
  readonly invalid: number;
}

interface Status {
  host?: { backend: string; threads: number; timing?: HostTiming; loaded?: unknown };
}

const status = async (b: ChromiumBench) => (await b.send('model.status')) as Status;

const minus = (a: HostTiming | undefined, b: HostTiming | undefined): HostTiming | undefined =>
  a && b ? (Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof HostTiming] - b[k as keyof HostTiming]])) as unknown as HostTiming) : undefined;

/** Options of one model's run in one browser. */
export interface BrowserModelRun {
  readonly modelId: string;
  readonly dtype: string;
  readonly backend: 'wasm' | 'webgpu';
  readonly threads: number;
  readonly lengths: readonly number[];
  readonly batches: readonly number[];
  readonly runs: number;
  /** Stop adding warm runs of one cell after this long (at least 2 runs). */
  readonly cellBudgetMs: number;
  /** Embed batches of `warmupBatch` (16) titles of 32 tokens for this long before timing (WASM tier-up). */
  readonly warmupMs: number;
  readonly warmupBatch?: number;
  /** Embed this many titles in all, then read the worker's memory (0: skip). */
  readonly memoryAfter: number;
}

/** Choose the model, restart the worker on `threads`, measure the grid (and memory); then stop the worker. */
export async function runInBrowser(b: ChromiumBench, o: BrowserModelRun): Promise<BrowserRun> {
  // The offscreen document must exist before its core count can be overridden: embed once with the
  // other backend preference, then switch to ours, which makes the host choose again (backend.ts).
  await b.send('settings.patch', { modelId: o.modelId, backend: o.backend === 'wasm' ? 'auto' : 'wasm' });
  await b.embed(sizedTitles(1, 16));
  await b.setCores(o.threads * 2); // src/ml/backend.ts wasmThreads: half the cores
  await b.send('settings.patch', { backend: o.backend });
  await b.send('model.terminate');
  await sleep(1000);
  let invalid = 0;
  const embed = async (texts: string[]) => {
    const r = await b.embed(texts);
    if (!r.ok) throw new Error(`model.embed failed: ${r.error ?? 'no reason'}`);
    if (r.computed !== texts.length) invalid++;
    return r.ms;
  };
  const coldMs = await embed(sizedTitles(1, 16));
  const first = await status(b);
  if (first.host?.backend !== o.backend || (o.backend === 'wasm' && first.host.threads !== o.threads)) {
    throw new Error(`expected ${o.backend} with ${o.threads} threads, host says ${JSON.stringify(first.host)}`);
  }
  // WASM code starts on V8's baseline tier and is optimised in the background while hot: the first
  // seconds run slower. Warm up before timing, and report how much slower the first call was.
  const warmup: number[] = [];
  const warmStart = performance.now();
  const warmBatch = o.warmupBatch ?? 16;
  while (performance.now() - warmStart < o.warmupMs || warmup.length < 1) warmup.push(await embed(sizedTitles(warmBatch, 32)));
  let embedded = 1 + warmBatch * warmup.length;
  const cells: BrowserCell[] = [];
  for (const tokens of o.lengths) {
    for (const batch of o.batches) {
      // No untimed first call per shape (the warm-up covers tier-up; p50 of ≥ 3 calls drops a slow first one).
      const before = (await status(b)).host?.timing;
      const pid = b.workerProcess();
      const cpu0 = pid === undefined ? undefined : cpuOf(pid);
      const ms: number[] = [];
      let last: string[] = [];
      const started = performance.now();
      for (let i = 0; i < o.runs; i++) {
        if (i >= 2 && performance.now() - started > o.cellBudgetMs) break;
        last = sizedTitles(batch, tokens);
        ms.push(await embed(last));
        embedded += batch;
      }
      const cpu1 = pid === undefined ? undefined : cpuOf(pid);
      const host = minus((await status(b)).host?.timing, before);
      const hit = (await b.embed(last)).ms;
      const warm = summarize(ms);
      const meanMs = ms.reduce((a, b) => a + b, 0) / ms.length;
      const cpuMs = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
      cells.push({ tokens, batch, warm, itemsPerSec: (batch * 1000) / warm.p50, meanMs, ...(cpuMs !== undefined ? { cpuMs } : {}), ...(host ? { host } : {}), hitMs: hit });
    }
  }
  let memory: BrowserRun['memory'];
  if (o.memoryAfter > 0) {
    const t0 = performance.now();
    while (embedded < o.memoryAfter) {
      const n = Math.min(50, o.memoryAfter - embedded);
      await embed(freshTitles(n));
      embedded += n;
    }
    const heap = await b.workerHeap();
    const pid = b.workerProcess();
    const rss = pid === undefined ? undefined : rssOf(pid);
    const host = (await status(b)).host;
    await b.send('model.terminate');
    await sleep(1500);
    await b.gcOffscreen();
    await sleep(1500);
    const rssAfter = pid === undefined ? undefined : rssOf(pid);
    memory = {
      embeddings: embedded,
      ...(heap ? { workerHeap: heap.usedSize } : {}),
      rss,
      ...(rssAfter !== undefined ? { rssWithoutWorker: rssAfter } : {}),
      ms: performance.now() - t0,
    };
    return result(o, coldMs, warmup, cells, host, invalid, memory);
  }
  const host = (await status(b)).host;
  await b.send('model.terminate');
  await sleep(500);
  return result(o, coldMs, warmup, cells, host, invalid, undefined);
}

function result(o: BrowserModelRun, coldMs: number, warmup: number[], cells: BrowserCell[], host: Status['host'], invalid: number, memory: BrowserRun['memory']): BrowserRun {
  return {
    runtime: o.backend === 'wasm' ? `Chromium WASM ${o.threads}t` : 'Chromium WebGPU (SwiftShader)',
    modelId: o.modelId,
    dtype: o.dtype,
    coldMs,
    warmup,
    cells,
    host: host && { backend: host.backend, threads: host.threads },
    ...(memory ? { memory } : {}),
    invalid,
  };
}
