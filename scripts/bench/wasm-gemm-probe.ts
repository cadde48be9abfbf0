/**
 * The GEMM probe of the realsize section on onnxruntime-web's WASM build in Chromium: the same
 * .onnx files as the onnxruntime-node probe (scripts/bench/realsize-child.ts), the same
 * onnxruntime-web package and .wasm file the extension ships for its WASM backend, so that
 * "WASM probe ÷ node probe" is the kernel's own limit, with no extension code in the way.
 *
 *   node: http.createServer on 127.0.0.1 (COOP/COEP: crossOriginIsolated, so threads work)
 *     /            tiny page          /probe.mjs   PAGE_SCRIPT (ORT calls, no closures shipped)
 *     /ort/…       node_modules/onnxruntime-web/dist (ESM + the plain ort-wasm-simd-threaded pair)
 *     /model/…     <root>/<id>/onnx/model.onnx, model_quantized.onnx
 *   Chromium (headless, no extension): one fresh context and page per thread count, open side by
 *   side (ORT's thread pool is fixed when a page first initialises it).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
// within: fail a step that hangs (a thread worker that never starts would stall the bench).
import { within } from './chromium-session';
import { GEMM_PROBE, gemmGflops } from './flops';
import type { GemmResult } from './realsize-child';
import { summarize } from './stats';

/** One probe row, as the node probe's; cpuPerWall from the renderer processes. */
export type WasmGemmRow = GemmResult['rows'][number];

/** What the probe measured, and why any part of it did not run. */
export interface WasmGemmResult {
  kind: 'wasm-gemm';
  /** `ort.env.versions.web` as the page reports it. */
  ort: string;
  chromium: string;
  /** Every probe page reported `crossOriginIsolated` (without it ORT falls back to 1 thread). */
  isolated: boolean;
  rows: WasmGemmRow[];
  errors: string[];
}

const ORT_DIR = resolve('node_modules/onnxruntime-web/dist');
const ORT_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
const GRAPHS = [['fp32', 'model.onnx'], ['q8', 'model_quantized.onnx']] as const;
const TYPES: Record<string, string> = { mjs: 'text/javascript', wasm: 'application/wasm', onnx: 'application/octet-stream', html: 'text/html' };

/**
 * Runs in the page. Plain JS served as a file: functions handed to page.evaluate would be
 * serialised from tsx's output, which may wrap them in helpers the page does not have.
 * wasmPaths names the plain (not asyncify) pair, as src/ml/wasm-paths.ts does for the WASM backend.
 */
const PAGE_SCRIPT = `
import * as ort from '/ort/ort.wasm.min.mjs';
const at = (p) => new URL(p, location.href).href;
let session, x;
window.probe = {
  init(threads) {
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.wasmPaths = { mjs: at('/ort/ort-wasm-simd-threaded.mjs'), wasm: at('/ort/ort-wasm-simd-threaded.wasm') };
    return { isolated: crossOriginIsolated, sab: typeof SharedArrayBuffer !== 'undefined', version: ort.env.versions.web };
  },
  async open(file, rows, hidden) {
    session = await ort.InferenceSession.create(at('/model/' + file), { executionProviders: ['wasm'], interOpNumThreads: 1 });
    x = new ort.Tensor('float32', Float32Array.from({ length: rows * hidden }, (_, i) => Math.sin(i)), [rows, hidden]);
    await session.run({ x });
  },
  async warm(ms) {
    for (const t = performance.now(); performance.now() - t < ms; ) await session.run({ x });
  },
  async time(runs) {
    const out = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await session.run({ x });
      out.push(performance.now() - t);
    }
    return out;
  },
  async close() {
    await session.release();
  },
};
`;

const PAGE = '<!doctype html><meta charset="utf-8"><title>GEMM probe</title><script type="module" src="/probe.mjs"></script>';

/** Serve the page, ORT's files and the probe graphs, cross-origin isolated; nothing else. Read up front: a missing file throws here. */
async function serve(modelDir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const files = new Map<string, Buffer | string>([
    ['/', PAGE],
    ['/probe.mjs', PAGE_SCRIPT],
    ...ORT_FILES.map((f) => [`/ort/${f}`, readFileSync(join(ORT_DIR, f))] as const),
    ...GRAPHS.map(([, f]) => [`/model/${f}`, readFileSync(join(modelDir, f))] as const),
  ]);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = files.get(path);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': TYPES[path === '/' ? 'html' : (path.split('.').at(-1) ?? '')] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** CPU seconds so far of each renderer process of this browser, by pid (CDP SystemInfo). */
async function renderers(cdp: CDPSession): Promise<Map<number, number>> {
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] };
  return new Map(processInfo.filter((p) => p.type === 'renderer').map((p) => [p.id, p.cpuTime]));
}

type Probe = { probe: Record<string, (...a: unknown[]) => unknown> };
const call = <T>(page: Page, fn: string, ...args: unknown[]) =>
  page.evaluate(([f, a]) => (window as unknown as Probe).probe[f as string]!(...(a as unknown[])), [fn, args] as const) as Promise<T>;

/** Rows and timed runs as the node probe's. */
export interface ProbeJob {
  rows: number;
  runs: number;
  /** Warm-up per graph before its first timed runs in a page: WASM starts on V8's baseline tier. */
  warmupMs: number;
}

/** A page whose ORT runs `threads` threads (fixed at its first session). */
interface ProbePage {
  readonly threads: number;
  readonly page: Page;
  readonly version: string;
  readonly isolated: boolean;
  /** The page's console warnings and errors (ORT says there why threads or sessions failed). */
  readonly logged: string[];
}

/** A fresh context (its own renderer) and page for `threads`; throws when threads > 1 cannot run. */
async function openPage(browser: Browser, origin: string, threads: number): Promise<ProbePage> {
  const page = await (await browser.newContext()).newPage();
  const logged: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' || m.type() === 'error' ? logged.push(m.text()) : undefined));
  page.on('pageerror', (e) => void logged.push(e.message));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => 'probe' in window, undefined, { timeout: 30_000 });
  const init = await call<{ isolated: boolean; sab: boolean; version: string }>(page, 'init', threads);
  if (threads > 1 && !(init.isolated && init.sab)) throw new Error(`page not cross-origin isolated (crossOriginIsolated ${init.isolated}, SharedArrayBuffer ${init.sab}): ORT would run 1 thread`);
  return { threads, page, version: init.version, isolated: init.isolated, logged };
}

/**
 * One session of one graph: warm-up, `job.runs` timed runs, p50. CPU per wall: of the busiest
 * renderer over the timed runs, which is this page's (the other page is idle). A pid taken as
 * "the renderer that appeared with the page" showed no CPU at all: the page's navigation to the
 * COOP origin lands in another process.
 */
async function measure(cdp: CDPSession, p: ProbePage, dtype: string, file: string, job: ProbeJob, warmupMs: number): Promise<WasmGemmRow> {
  const what = `${dtype} ${p.threads}t`;
  try {
    await within(call(p.page, 'open', file, job.rows, GEMM_PROBE.hidden), 120_000, `${what} session`);
    await within(call(p.page, 'warm', warmupMs), 120_000, `${what} warm-up`);
    const cpu0 = await renderers(cdp);
    const t0 = performance.now();
    const ms = await within(call<number[]>(p.page, 'time', job.runs), 120_000, `${what} runs`);
    const cpu1 = await renderers(cdp);
    const wallS = (performance.now() - t0) / 1000;
    const cpuS = Math.max(0, ...[...cpu1].map(([pid, t]) => t - (cpu0.get(pid) ?? t)));
    await call(p.page, 'close');
    const p50 = summarize(ms).p50;
    return { dtype, threads: p.threads, ms: p50, gflops: gemmGflops(job.rows, p50), cpuPerWall: cpuS / wallS };
  } catch (e) {
    const said = p.logged.length ? ` (page said: ${p.logged.slice(-3).join(' | ')})` : '';
    throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}${said}`);
  }
}

/**
 * Chromium without the extension, one page per thread count (1 and 2) open side by side. Three
 * rounds over pages and graphs, best p50 kept, in the node probe's order: the rounds of one row
 * are spread over the whole probe, so a burst of other load on this shared machine hits one round.
 */
async function probeAll(origin: string, job: ProbeJob, out: WasmGemmResult): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // As test/e2e/chromium-harness.ts: no sandbox (root in CI), none of Chromium's own traffic.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-first-run'],
  });
  try {
    out.chromium = browser.version();
    const cdp = await browser.newBrowserCDPSession();
    const pages: ProbePage[] = [];
    for (const threads of [1, 2]) {
      try {
        const p = await openPage(browser, origin, threads);
        pages.push(p);
        out.ort = p.version;
        if (!p.isolated) out.errors.push(`${threads}t: page not cross-origin isolated`);
      } catch (e) {
        out.errors.push(`${threads}t: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    out.isolated = pages.length > 0 && pages.every((p) => p.isolated);
    const failed = new Set<ProbePage>();
    for (let round = 0; round < 3; round++) for (const p of pages) for (const [dtype, file] of GRAPHS) {
      if (failed.has(p)) continue;
      try {
        const row = await measure(cdp, p, dtype, file, job, round === 0 ? job.warmupMs : 0);
        const at = out.rows.findIndex((r) => r.dtype === dtype && r.threads === p.threads);
        if (at < 0) out.rows.push(row);
        else if (row.ms < out.rows[at]!.ms) out.rows[at] = row;
      } catch (e) {
        failed.add(p);
        out.errors.push(e instanceof Error ? e.message : String(e));
      }
    }
  } finally {
    await browser.close();
  }
}

/**
 * The probe graphs of `<root>/<id>/onnx` on onnxruntime-web in Chromium, 1 then 2 threads. Never
 * throws: what failed (Chromium, the server, one thread count) is named in `errors`, and whatever
 * ran is reported.
 */
export async function runWasmGemmProbe(root: string, id: string, job: ProbeJob): Promise<WasmGemmResult> {
  const version = (JSON.parse(readFileSync(join(ORT_DIR, '../package.json'), 'utf8')) as { version: string }).version;
  const out: WasmGemmResult = { kind: 'wasm-gemm', ort: version, chromium: '', isolated: false, rows: [], errors: [] };
  try {
    const server = await serve(join(root, id, 'onnx'));
    try {
      await probeAll(server.origin, job, out);
    } finally {
      await server.close();
    }
  } catch (e) {
    out.errors.push(e instanceof Error ? e.message : String(e));
  }
  return out;
}
