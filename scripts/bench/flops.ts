/**
 * FLOP estimates from a model's shape (multiply-add = 2 FLOPs), so items/s can be read as GFLOP/s
 * against the machine's limit. Matmuls and attention only: layer norms, softmax, GELU and the
 * embedding lookup are a few percent at these sizes and are left out (the estimate is a floor).
 */
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';

/** Encoder shape (BERT family). */
export interface EncoderShape {
  readonly hidden: number;
  readonly layers: number;
  readonly inter: number;
}

/** FLOPs to encode one text padded to `seq` tokens: Q/K/V/O + FFN matmuls, plus QKᵀ and A·V. */
export function encoderFlops(s: EncoderShape, seq: number): number {
  const perTokenPerLayer = 2 * (4 * s.hidden * s.hidden + 2 * s.hidden * s.inter) + 4 * seq * s.hidden;
  return seq * s.layers * perTokenPerLayer;
}

/** The GEMM probe: one MatMul [rows×hidden]·[hidden×inter] (make-test-models.py BENCH_SHAPES["gemm"]). */
export const GEMM_PROBE = { hidden: 384, inter: 1536 } as const;

/** GFLOP/s of one GEMM probe run over `rows` rows that took `ms` (node and WASM probes alike). */
export function gemmGflops(rows: number, ms: number): number {
  return (2 * rows * GEMM_PROBE.hidden * GEMM_PROBE.inter) / ms / 1e6;
}

/** Decoder shape (Llama family, grouped-query attention, gated MLP, tied head). */
export interface DecoderShape extends EncoderShape {
  readonly heads: number;
  readonly kv_heads?: number;
  readonly vocab: number;
}

/** FLOPs for one token at context length `ctx` (tokens attended to, itself included), head included. */
export function decoderTokenFlops(s: DecoderShape, ctx: number): number {
  const dim = s.hidden / s.heads;
  const kv = (s.kv_heads ?? s.heads) * dim;
  const proj = 2 * (2 * s.hidden * s.hidden + 2 * s.hidden * kv + 3 * s.hidden * s.inter);
  return s.layers * (proj + 4 * ctx * s.hidden) + 2 * s.hidden * s.vocab;
}

/** FLOPs of a prefill of `n` tokens (token i attends to i + 1 positions). */
export function prefillFlops(s: DecoderShape, n: number): number {
  let f = 0;
  for (let i = 1; i <= n; i++) f += decoderTokenFlops(s, i);
  return f;
}

/**
 * The CPU's theoretical fp32 peak from /proc/cpuinfo: cores × clock × FLOPs per cycle (AVX-512 or
 * AVX2 with FMA: two 8- or 16-lane FMA pipes; else SSE). A ceiling no real kernel reaches; the
 * measured GEMM probe is the practical limit.
 */
export function cpuPeak(): { gflops: number; how: string } {
  const c = cpus();
  let flags = '';
  let mhz = c[0]?.speed ?? 0;
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    flags = /^flags\s*:(.*)$/m.exec(info)?.[1] ?? '';
    mhz ||= Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(info)?.[1] ?? 0); // os.cpus() says 0 in some VMs
  } catch {
    /* not Linux */
  }
  const has = (f: string) => new RegExp(`\\b${f}\\b`).test(flags);
  const lanes = has('avx512f') ? 16 : has('avx2') || has('avx') ? 8 : 4;
  const perCycle = (has('fma') ? 2 : 1) * 2 * lanes; // two pipes × lanes × (FMA = 2 FLOPs)
  const ghz = mhz / 1000;
  return { gflops: c.length * ghz * perCycle, how: `${c.length} cores × ${ghz.toFixed(2)} GHz × ${perCycle} FLOP/cycle (${has('avx512f') ? 'AVX-512' : has('avx2') ? 'AVX2' : 'SSE'}${has('fma') ? '+FMA' : ''}, 2 pipes)` };
}
