/**
 * Section "llm": the on-device LLM's speed and memory for the LLMs present — the project's tiny LM
 * (always) and the SmolLM2-360M-shaped random model when the realsize section has generated it —
 * on onnxruntime-node (a child process each), in the extension on Chromium WASM, and on WebGPU
 * (SwiftShader: reported, never compared). Prefill and decode tokens/s, time to first token,
 * top-K refinement time for K = 5/10/20, peak memory. Printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { CHROME_BUILD } from '../../test/e2e/chromium-harness';
import { buildWithTestModels } from '../../test/e2e/ext-build';
import { startChromium } from './chromium-session';
import { benchLlmChromium } from './llm-chromium';
import type { LlmFigures } from './llm-figures';
import { benchLlms, type BenchLlm } from './llm-models';
import { printLlmGeneration, printLlmMemory, printLlmRefine } from './llm-report';
import { buildBenchExtension } from './realsize-models';

const KS = [5, 10, 20];

function nodeRun(m: BenchLlm, quick: boolean): LlmFigures {
  // The shape's runs take tens of seconds each: one keeps the whole bench under ten minutes.
  const job = { root: m.root, entry: m.entry, runs: m.tiny ? (quick ? 2 : 5) : 1, newTokens: m.tiny ? 64 : quick ? 8 : 16, ks: KS };
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve('scripts/bench/llm-node-child.ts'), JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 900_000 });
  const last = r.stdout?.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`LLM node child failed (${r.status ?? r.signal}): ${(r.stderr ?? '').slice(-1500)}`);
  return JSON.parse(last) as LlmFigures;
}

async function chromiumRun(dir: string, m: BenchLlm, backend: 'wasm' | 'webgpu', o: { runs: number; newTokens: number; ks: number[] }): Promise<LlmFigures> {
  const b = await startChromium(dir, backend === 'webgpu' ? ['--enable-unsafe-webgpu'] : []);
  try {
    return await benchLlmChromium(b, m, backend, o);
  } finally {
    await b.close();
  }
}

/** Runs every part it can; a failing part is printed and the others go on. */
export async function runLlmBench(quick: boolean): Promise<void> {
  const models = benchLlms();
  console.log(`\nLLMs: ${models.map((m) => `${m.entry.id} (${m.tiny ? 'project test model, random' : 'random weights, SmolLM2-360M shape'})`).join(', ')}`);
  const out: LlmFigures[] = [];
  const attempt = async (what: string, fn: () => Promise<LlmFigures> | LlmFigures) => {
    console.error(`[llm] ${what} …`); // progress on stderr: the tables stay on stdout
    try {
      out.push(await fn());
    } catch (e) {
      console.log(`  ${what}: FAILED ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for (const m of models) await attempt(`node ${m.entry.id}`, () => nodeRun(m, quick));
  const tiny = models.find((m) => m.tiny)!;
  const tinyBuild = buildWithTestModels(CHROME_BUILD, [tiny.entry.id]);
  await attempt('Chromium WASM tiny', () => chromiumRun(tinyBuild, tiny, 'wasm', { runs: quick ? 2 : 5, newTokens: 64, ks: KS }));
  // SwiftShader: a forward pass of even the tiny LM takes up to a second here.
  await attempt('Chromium WebGPU tiny', () => chromiumRun(tinyBuild, tiny, 'webgpu', { runs: 1, newTokens: 8, ks: quick ? [5] : [5, 10] }));
  const shape = models.find((m) => !m.tiny);
  if (shape && !quick) {
    // The bench build (.output/bench) registers the shape, as the realsize section does for its encoders.
    await attempt('Chromium WASM SmolLM2 shape', () => chromiumRun(buildBenchExtension([shape.entry]).dir, shape, 'wasm', { runs: 1, newTokens: 16, ks: [5, 10] }));
  } else if (shape) console.log(`  ${shape.entry.id} in Chromium: skipped with --quick (a 386 MB graph)`);
  printLlmGeneration(out);
  printLlmRefine(out);
  printLlmMemory(out);
}
