/** Tables of the llm section. */
import type { LlmFigures } from './llm-figures';
import { mib, ms, num, percentile, printTable } from './stats';

const tps = (tokens: number, millis: number) => (millis > 0 ? (1000 * tokens) / millis : Number.NaN);

/** Prefill and decode speed, time to first token; first run (nothing cached) apart from the later ones. */
export function printLlmGeneration(figures: readonly LlmFigures[]): void {
  const rows = figures.map((f) => {
    const [cold, ...warm] = f.gens;
    const prefill = warm.map((g) => tps(g.promptTokens - g.reusedTokens, g.prefillMs));
    const decode = f.gens.filter((g) => g.newTokens > 1).map((g) => tps(g.newTokens - 1, g.decodeMs));
    return [
      f.runtime, f.modelId, f.dtype, ms(f.loadMs),
      cold ? `${ms(cold.ttftMs)} (${cold.promptTokens})` : '—',
      warm.length ? `${ms(percentile(warm.map((g) => g.ttftMs), 50))} (${warm[0]!.promptTokens - warm[0]!.reusedTokens})` : '—',
      cold ? num(tps(cold.promptTokens - cold.reusedTokens, cold.prefillMs), 1) : '—',
      num(percentile(prefill, 50), 1),
      num(percentile(decode, 50), 1),
      `${f.gens.map((g) => g.newTokens).join('/')}`,
    ];
  });
  printTable(
    'LLM generation (greedy, own KV-cached loop): TTFT = request → first new token; (n) = tokens prefilled',
    ['runtime', 'model', 'dtype', 'load ms', 'TTFT cold ms', 'TTFT warm p50 ms', 'prefill tok/s cold', 'prefill tok/s warm', 'decode tok/s p50', 'new tokens per run'],
    rows,
  );
}

/** Top-K refinement wall time per K, against the default 1.5 s budget. */
export function printLlmRefine(figures: readonly LlmFigures[], budgetMs = 1500): void {
  const rows = figures.flatMap((f) =>
    f.refine.map((r) => {
      const warm = percentile(r.warmMs, 50);
      return [f.runtime, f.modelId, String(r.k), ms(r.firstMs), ms(warm), `${r.k} passes`, warm <= budgetMs ? 'within' : 'OVER (fast order kept)'];
    }),
  );
  printTable(
    `LLM top-K refinement (pointwise P(Yes), one forward pass per item after the cached system prompt) vs the ${budgetMs} ms budget`,
    ['runtime', 'model', 'K', 'first ms (prompt cache cold)', 'warm p50 ms', 'work', `${budgetMs} ms budget`],
    rows,
  );
}

export function printLlmMemory(figures: readonly LlmFigures[]): void {
  const rows = figures.flatMap((f) => f.memory.map((m) => [f.runtime, f.modelId, m.what, mib(m.bytes)]));
  if (rows.length) printTable('LLM memory (MiB)', ['runtime', 'model', 'what', 'MiB'], rows);
  for (const f of figures) for (const n of f.notes) console.log(`  ${f.runtime} ${f.modelId}: ${n}`);
}
