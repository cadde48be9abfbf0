/** Tables of the realsize section. */
import { cpuPeak, decoderTokenFlops, prefillFlops } from './flops';
import type { DecoderShape } from './flops';
import type { BrowserCell, BrowserRun } from './realsize-chromium';
import type { EncoderResult, GemmResult, GridCell, LlmResult } from './realsize-child';
import type { BenchStamp } from './realsize-models';
import { MIXED } from './sized-titles';
import { mib, ms, num, printTable } from './stats';
import type { WasmGemmResult } from './wasm-gemm-probe';

const tok = (t: number) => (t === MIXED ? 'mixed' : String(t));

export interface RealsizeFigures {
  stamps: BenchStamp[];
  flopsOf: (modelId: string, tokens: number) => number;
  titleCheck: Map<number, number[]>;
  e5Check: Map<number, number[]>;
  node: { modelId: string; dtype: string; result: EncoderResult }[];
  gemm: GemmResult;
  /** The same probe on onnxruntime-web in Chromium (the WASM kernel's limit). */
  wasmGemm: WasmGemmResult;
  llm: LlmResult[];
  llmShape: DecoderShape;
  browser: BrowserRun[];
  webgpu?: BrowserRun;
  chromium: string;
  errors: string[];
}

const gf = (flops: number) => (flops / 1e9).toFixed(2);

/** A GEMM probe's best rate for a dtype and thread count (the practical ceiling). */
function probe(rows: GemmResult['rows'], dtype: string, threads: number): number | undefined {
  const q = dtype === 'fp32' ? 'fp32' : 'q8';
  return rows.find((r) => r.dtype === q && r.threads === threads)?.gflops;
}

const pct = (gflops: number, limit: number | undefined) => (limit ? `${((100 * gflops) / limit).toFixed(0)}%` : '—');

interface Row {
  runtime: string;
  threads: number;
  modelId: string;
  dtype: string;
  cells: GridCell[];
}

function rows(f: RealsizeFigures): Row[] {
  return [
    ...f.node.map((n) => ({ runtime: 'onnxruntime-node', threads: 2, modelId: n.modelId, dtype: n.dtype, cells: n.result.cells })),
    ...f.browser.map((b) => ({ runtime: b.runtime, threads: Number(/(\d)t/.exec(b.runtime)?.[1] ?? 1), modelId: b.modelId, dtype: b.dtype, cells: b.cells })),
  ];
}

function printModels(f: RealsizeFigures): void {
  printTable(
    'Real-shape models (random weights, exact shapes; FLOPs = matmuls + attention, per item at that title length)',
    ['model', 'shape of', 'params', 'onnx files (MB)', 'GFLOP/item 16 tok', '32 tok', '64 tok'],
    f.stamps.map((s) => {
      const files = s.files.filter((x) => x.path.endsWith('.onnx')).map((x) => `${x.path.replace('onnx/', '').replace('.onnx', '')} ${(x.size / 1e6).toFixed(0)}`).join(', ');
      const enc = s.kind === 'encoder';
      return [s.id, s.shape_of, num(s.params), files, enc ? gf(f.flopsOf(s.id, 16)) : `${gf(decoderTokenFlops(f.llmShape, 128))}/token @128`, enc ? gf(f.flopsOf(s.id, 32)) : '', enc ? gf(f.flopsOf(s.id, 64)) : ''];
    }),
  );
  const check = [...f.titleCheck].map(([len, got]) => `${len}→${got.join('/')}`).join(', ');
  const e5 = [...f.e5Check].map(([len, got]) => `${len}→${got.join('/')}`).join(', ');
  console.log(`  title lengths (asked→tokenised, MiniLM tokenizer): ${check}; e5 with its "passage: " prefix: ${e5}`);
  console.log('  e5-small shape: no XLM-R tokenizer exists offline, so the MiniLM WordPiece tokenizer stands in (ids < 30,522; the 250,037-row table is loaded in full).');
}

function printLimit(f: RealsizeFigures): void {
  const peak = cpuPeak();
  const w = f.wasmGemm;
  const what = (dtype: string) => (dtype === 'q8' ? 'q8 (DynamicQuantizeLinear + MatMulInteger)' : 'fp32 MatMul');
  printTable(
    `The machine's limit: theoretical fp32 peak ${peak.gflops.toFixed(0)} GFLOP/s (${peak.how}); practical: one MatMul [512×384]·[384×1536] ` +
      'on onnxruntime-node, and the same graphs on onnxruntime-web\'s WASM build (the .wasm the extension ships) in a cross-origin-isolated Chromium page; ' +
      'best p50 of 3 rounds; CPU/wall = CPU time per wall time over the timed runs (node: its process; WASM: the renderer), below the thread count when the machine was busy',
    ['runtime', 'GEMM probe', 'threads', 'ms', 'GFLOP/s', 'CPU/wall'],
    [
      ...f.gemm.rows.map((r) => ['onnxruntime-node', what(r.dtype), String(r.threads), ms(r.ms), r.gflops.toFixed(1), r.cpuPerWall?.toFixed(2) ?? '—']),
      ...w.rows.map((r) => [`WASM (onnxruntime-web ${w.ort}, Chromium)`, what(r.dtype), String(r.threads), ms(r.ms), r.gflops.toFixed(1), r.cpuPerWall?.toFixed(2) ?? '—']),
    ],
  );
  const ratio = (dtype: string, t: number) => {
    const a = probe(w.rows, dtype, t);
    const b = probe(f.gemm.rows, dtype, t);
    return a && b ? `${t} thread${t > 1 ? 's' : ''} ${(a / b).toFixed(2)} (${a.toFixed(1)} ÷ ${b.toFixed(1)} GFLOP/s)` : `${t}t —`;
  };
  if (w.rows.length) {
    console.log(`  WASM probe ÷ node probe, q8: ${ratio('q8', 1)}, ${ratio('q8', 2)}; fp32: ${ratio('fp32', 1)}, ${ratio('fp32', 2)} (kernel against kernel: same graphs, no extension code)`);
  }
  const starved = [...f.gemm.rows.map((r) => ({ ...r, who: 'node' })), ...w.rows.map((r) => ({ ...r, who: 'WASM' }))]
    .filter((r) => r.threads > 1 && r.cpuPerWall !== undefined && r.cpuPerWall < 0.75 * r.threads);
  if (starved.length) {
    console.log(`  note: the machine was busy, these rows got fewer cores than threads and understate the kernel: ${starved.map((r) => `${r.who} ${r.dtype} ${r.threads}t ${r.cpuPerWall!.toFixed(1)} cores`).join(', ')}`);
  }
  for (const e of w.errors) console.log(`  WASM GEMM probe FAILED ${e}`);
}

function printGrid(f: RealsizeFigures): void {
  const out: string[][] = [];
  for (const r of rows(f)) {
    for (const c of r.cells) {
      const gflops = (f.flopsOf(r.modelId, c.tokens) * c.itemsPerSec) / 1e9;
      const limit = probe(f.gemm.rows, r.dtype, r.threads);
      const wasmLimit = r.runtime.startsWith('Chromium WASM') ? probe(f.wasmGemm.rows, r.dtype, r.threads) : undefined;
      const perCpuS = c.cpuMs ? (c.warm.n * c.batch * 1000) / c.cpuMs : undefined;
      out.push([r.runtime, r.modelId.replace('localrank-bench/', ''), r.dtype, tok(c.tokens), String(c.batch), ms(c.warm.p50), ms(c.warm.p95), String(c.warm.n), num(c.itemsPerSec, 1), num(perCpuS, 1), gflops.toFixed(1), pct(gflops, limit), pct(gflops, wasmLimit)]);
    }
  }
  printTable(
    'Throughput: warm p50 per call (new titles each call; browser = popup → service worker → queue/cache → offscreen → worker and back). ' +
      'items/CPU-s = items per CPU second of the whole process (Node child: all ORT threads; browser: the extension renderer), robust to other load; ' +
      '% of GEMM probe = of the onnxruntime-node probe, % of WASM probe = of the onnxruntime-web probe (same dtype and threads)',
    ['runtime', 'model', 'dtype', 'tokens', 'batch', 'p50 ms', 'p95 ms', 'n', 'items/s', 'items/CPU-s', 'GFLOP/s', '% of GEMM probe', '% of WASM probe'],
    out,
  );
}

function printRatios(f: RealsizeFigures): void {
  const out: string[][] = [];
  for (const n of f.node) {
    for (const c of n.result.cells) {
      const cells = [n.modelId.replace('localrank-bench/', ''), n.dtype, tok(c.tokens), String(c.batch), num(c.itemsPerSec, 1)];
      for (const t of ['2t', '1t']) {
        const w = f.browser.find((b) => b.modelId === n.modelId && b.runtime.endsWith(t))?.cells.find((x) => x.tokens === c.tokens && x.batch === c.batch);
        const cpuRatio = w?.cpuMs && c.cpuMs ? (w.warm.n / w.cpuMs) / (c.warm.n / c.cpuMs) : undefined;
        cells.push(num(w?.itemsPerSec, 1), w ? (w.itemsPerSec / c.itemsPerSec).toFixed(2) : '—', cpuRatio === undefined ? '—' : cpuRatio.toFixed(2));
      }
      out.push(cells);
    }
  }
  printTable(
    'WASM in the extension ÷ onnxruntime-node, same model, same dtype, same run (target ≥ 0.5 on the MiniLM shape); ' +
      'ratio = wall items/s; per CPU = items per CPU second (Node uses 2 ORT threads)',
    ['model', 'dtype', 'tokens', 'batch', 'node items/s', 'WASM 2t items/s', 'ratio', 'per CPU', 'WASM 1t items/s', 'ratio', 'per CPU'],
    out,
  );
}

const per = (v: number | undefined, n: number) => (v === undefined ? undefined : v / n);

function browserStageRow(b: BrowserRun, c: BrowserCell): string[] {
  const n = c.warm.n;
  const h = c.host;
  const meanTotal = c.meanMs ?? c.warm.p50;
  const stages = h ? h.tokenizeMs + h.runMs + h.poolMs : undefined;
  return [
    b.runtime, b.modelId.replace('localrank-bench/', ''), tok(c.tokens), String(c.batch), ms(meanTotal),
    ms(per(h?.tokenizeMs, n)), ms(per(h?.runMs, n)), ms(per(h?.poolMs, n)),
    ms(h && stages !== undefined ? (h.workerMs - stages) / n : undefined),
    ms(h ? (h.roundTripMs - h.workerMs) / n : undefined),
    ms(h ? meanTotal - h.roundTripMs / n : undefined),
    ms(c.hitMs),
    h ? `${h.calls / n}` : '—',
    h && h.paddedTokens ? `${((100 * h.tokens) / h.paddedTokens).toFixed(0)}%` : '—',
  ];
}

function printStages(f: RealsizeFigures): void {
  const out: string[][] = [];
  for (const n of f.node) {
    for (const c of n.result.cells) {
      const s = c.stages;
      if (!s) continue;
      const k = c.warm.n;
      out.push([
        'onnxruntime-node', n.modelId.replace('localrank-bench/', ''), tok(c.tokens), String(c.batch), ms(s.totalMs / k),
        ms(s.tokenizeMs / k), ms(s.runMs / k), ms(s.poolMs / k), ms((s.totalMs - s.tokenizeMs - s.runMs - s.poolMs) / k), '—', '—', '—',
        `${s.runs / k}`, s.paddedTokens ? `${((100 * s.tokens) / s.paddedTokens).toFixed(0)}%` : '—',
      ]);
    }
  }
  for (const b of f.browser) for (const c of b.cells) out.push(browserStageRow(b, c));
  printTable(
    'Where embedding time goes, ms per call (mean). worker other = prepare texts, checks, copies in the worker; worker msg = host→worker→host ' +
      'round trip minus the worker\'s own time; outside host = popup ↔ service worker ↔ offscreen messaging (JSON), queue, IndexedDB cache get/put; ' +
      'cache hit = the same titles again (popup ↔ service worker ↔ IndexedDB only)',
    ['runtime', 'model', 'tokens', 'batch', 'total', 'tokenise', 'ONNX run', 'pool', 'worker other', 'worker msg', 'outside host', 'cache hit', 'runs/call', 'real tokens'],
    out,
  );
}

function printLlm(f: RealsizeFigures): void {
  if (!f.llm.length) return;
  printTable(
    `LLM shape (SmolLM2-360M: ${f.llmShape.layers} layers, hidden ${f.llmShape.hidden}) on onnxruntime-node through transformers.js generate(), greedy, min_new_tokens = max_new_tokens`,
    ['dtype', 'load ms', 'prompt tokens', 'TTFT ms', 'prefill tok/s', 'prefill GFLOP/s', 'new tokens', 'decode tok/s', 'decode GFLOP/s', 'peak RSS MiB'],
    f.llm.map((l) => [
      l.dtype, ms(l.loadMs), String(l.promptTokens), ms(l.ttftMs), l.prefillTokPerSec.toFixed(1),
      ((prefillFlops(f.llmShape, l.promptTokens) / l.ttftMs) / 1e6).toFixed(1), String(l.newTokens), l.decodeTokPerSec.toFixed(2),
      ((decoderTokenFlops(f.llmShape, l.promptTokens + l.newTokens / 2) * l.decodeTokPerSec) / 1e9).toFixed(1), mib(l.peakRss),
    ]),
  );
}

function printMemoryAndTargets(f: RealsizeFigures): void {
  const mem: string[][] = f.node.map((n) => ['onnxruntime-node (own process)', n.modelId.replace('localrank-bench/', ''), n.dtype, 'peak RSS', mib(n.result.peakRss)]);
  for (const b of f.browser) {
    if (!b.memory) continue;
    const m = b.memory;
    mem.push([b.runtime, b.modelId.replace('localrank-bench/', ''), b.dtype, `renderer RSS after ${num(m.embeddings)} embeddings (worker + offscreen doc + popup)`, mib(m.rss)]);
    mem.push([b.runtime, b.modelId.replace('localrank-bench/', ''), b.dtype, 'same process after model.terminate + GC (no worker)', mib(m.rssWithoutWorker)]);
    mem.push([b.runtime, b.modelId.replace('localrank-bench/', ''), b.dtype, 'worker share: the difference', mib(m.rss !== undefined && m.rssWithoutWorker !== undefined ? m.rss - m.rssWithoutWorker : undefined)]);
    mem.push([b.runtime, b.modelId.replace('localrank-bench/', ''), b.dtype, 'worker JS heap (after GC; WASM memory excluded)', mib(m.workerHeap)]);
  }
  printTable('Memory (MiB)', ['runtime', 'model', 'dtype', 'what', 'MiB'], mem);

  const minilm = f.node.find((n) => n.modelId.endsWith('all-MiniLM-L6-v2-shape'));
  for (const t of ['1t', '2t']) {
    const w = f.browser.find((b) => b.modelId === minilm?.modelId && b.runtime.endsWith(t));
    if (!minilm || !w) continue;
    const ratios = minilm.result.cells.flatMap((c) => {
      const x = w.cells.find((y) => y.tokens === c.tokens && y.batch === c.batch);
      return x ? [{ c, r: x.itemsPerSec / c.itemsPerSec }] : [];
    });
    const big = ratios.filter((x) => x.c.batch >= 8).map((x) => x.r);
    const cpu = minilm.result.cells.flatMap((c) => {
      const x = w.cells.find((y) => y.tokens === c.tokens && y.batch === c.batch);
      return x?.cpuMs && c.cpuMs && c.batch >= 8 ? [(x.warm.n / x.cpuMs) / (c.warm.n / c.cpuMs)] : [];
    });
    const cpuMedian = [...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)];
    const lo = Math.min(...big);
    const hi = Math.max(...big);
    const median = [...big].sort((a, b) => a - b)[Math.floor(big.length / 2)] ?? NaN;
    console.log(`\n  target WASM ≥ 0.5× onnxruntime-node (MiniLM shape, q8, WASM ${t}, batches ≥ 8): ratio ${lo.toFixed(2)}–${hi.toFixed(2)}, median ${median.toFixed(2)} → ${lo >= 0.5 ? 'met' : median >= 0.5 ? 'met on most cells' : hi >= 0.5 ? 'met on some cells only' : 'missed'}` +
      (cpuMedian === undefined ? '' : `; per CPU second: median ${cpuMedian.toFixed(2)}`));
    console.log(`    batch 1: ${ratios.filter((x) => x.c.batch === 1).map((x) => `${tok(x.c.tokens)} tok ${x.r.toFixed(2)}`).join(', ')} (one title per call: per-call overheads dominate)`);
  }
  const withMemory = f.browser.find((b) => b.memory && b.modelId === minilm?.modelId);
  const m = withMemory?.memory;
  if (m?.rss !== undefined && m.rssWithoutWorker !== undefined) {
    const share = m.rss - m.rssWithoutWorker;
    console.log(`  target worker memory ≤ 200 MB after 10,000 embeddings (${withMemory!.runtime}): worker share ${mib(share)} MiB after ${num(m.embeddings)} → ${share <= 200e6 ? 'met' : 'missed'} (renderer total ${mib(m.rss)} MiB)`);
  }
}

/** Print every table of the section. */
export function printRealsize(f: RealsizeFigures): void {
  console.log(`\nRealsize section — Chromium ${f.chromium}`);
  printModels(f);
  printLimit(f);
  printGrid(f);
  printRatios(f);
  printStages(f);
  if (f.webgpu) {
    printTable(
      'Chromium WebGPU on SwiftShader (software adapter): reported, NOT comparable',
      ['model', 'tokens', 'batch', 'p50 ms', 'n', 'items/s'],
      f.webgpu.cells.map((c) => [f.webgpu!.modelId.replace('localrank-bench/', ''), tok(c.tokens), String(c.batch), ms(c.warm.p50), String(c.warm.n), num(c.itemsPerSec, 2)]),
    );
  }
  printLlm(f);
  printMemoryAndTargets(f);
  for (const b of f.browser) if (b.invalid) console.log(`  ${b.runtime} ${b.modelId}: ${b.invalid} calls computed fewer texts than asked (a cache hit slipped in)`);
  for (const b of f.browser) {
    const w = b.warmup;
    console.log(`  ${b.runtime} ${b.modelId}: cold start ${ms(b.coldMs)} ms (worker start, files read + sha256, session, first embed); ` +
      `warm-up calls of 16×32 tokens ${ms(w[0])} → ${ms(w.at(-1))} ms over ${w.length} calls (WASM tier-up)`);
  }
  for (const n of f.node) console.log(`  onnxruntime-node ${n.modelId} ${n.dtype}: cold start ${ms(n.result.coldMs)} ms`);
  for (const e of f.errors) console.log(`  FAILED ${e}`);
}
