import { DEFAULT_PROMPTS, type PromptSettings } from '../llm/prompts';
import type { LlmSettings } from '../settings/llm-settings';

const num = (e: Event) => Number((e.currentTarget as HTMLInputElement).value);
const PROMPTS: [keyof PromptSettings, string][] = [
  ['profile', 'Writing your interests in words'],
  ['steering', 'Reading steering words (answer must be JSON)'],
  ['refine', 'Judging one item ({profile} is replaced with your interests)'],
];

/** The LLM's backend, refinement, limits and prompts (all with sane defaults). */
export function LlmTuning({ llm, set }: { llm: LlmSettings; set: (patch: Partial<LlmSettings>) => void }) {
  return (
    <>
      <label>
        Run the LLM on{' '}
        <select value={llm.backend} onChange={(e) => set({ backend: (e.currentTarget as HTMLSelectElement).value as LlmSettings['backend'] })}>
          <option value="auto">WebGPU (a real GPU)</option>
          <option value="webgpu">WebGPU, even on a software adapter (very slow)</option>
          <option value="wasm">WASM on the CPU (slow)</option>
        </select>
      </label>
      <label class="switch">
        <input type="checkbox" checked={llm.acceptWasm} onChange={(e) => set({ acceptWasm: (e.currentTarget as HTMLInputElement).checked })} /> Without WebGPU, run on WASM anyway (slow: several seconds per answer)
      </label>
      <label class="switch">
        <input type="checkbox" checked={llm.refine} onChange={(e) => set({ refine: (e.currentTarget as HTMLInputElement).checked })} /> Let the LLM re-order the top of each list when it answers in time
      </label>
      <label>Top <input type="number" min={2} max={20} value={llm.k} onChange={(e) => set({ k: num(e) })} /> items, within <input type="number" min={100} max={30000} step={100} value={llm.budgetMs} onChange={(e) => set({ budgetMs: num(e) })} /> ms (else the fast order stays)</label>
      <label>At most <input type="number" min={16} max={512} value={llm.maxTokens} onChange={(e) => set({ maxTokens: num(e) })} /> tokens per answer</label>
      <details>
        <summary>Prompts</summary>
        {PROMPTS.map(([key, label]) => (
          <label key={key}>
            {label}
            <textarea rows={3} maxLength={2000} value={llm.prompts[key]} placeholder={DEFAULT_PROMPTS[key]} aria-label={`Prompt: ${label}`}
              onChange={(e) => set({ prompts: { ...llm.prompts, [key]: (e.currentTarget as HTMLTextAreaElement).value } })} />
          </label>
        ))}
        <p class="hint">Empty = the built-in prompt (shown greyed). Page titles and history always enter as quoted data.</p>
      </details>
    </>
  );
}
