import { DEFAULT_PROMPTS, type PromptSettings } from '../llm/prompts';

/** The on-device LLM's settings (options page). Nothing runs or downloads while `enabled` is false. */
export interface LlmSettings {
  enabled: boolean;
  /** Registry text-generation model; null = the registry's default LLM. */
  modelId: string | null;
  /** auto: WebGPU on a real GPU; webgpu: also on a software adapter; wasm: on the CPU (slow). */
  backend: 'auto' | 'webgpu' | 'wasm';
  /** Run on WASM (slow) when WebGPU is not usable. */
  acceptWasm: boolean;
  /** Re-order the top K of each list when the LLM answers within the budget. */
  refine: boolean;
  k: number;
  budgetMs: number;
  /** Token limit of every generation (profile, steering). */
  maxTokens: number;
  /** Instructions; empty = the built-in default. */
  prompts: PromptSettings;
}

export const DEFAULT_LLM_SETTINGS: LlmSettings = {
  enabled: false,
  modelId: null,
  backend: 'auto',
  acceptWasm: false,
  refine: true,
  k: 10,
  budgetMs: 1500,
  maxTokens: 120,
  prompts: { profile: '', steering: '', refine: '' },
};

const int = (v: unknown, lo: number, hi: number, d: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : d);
const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
const prompt = (v: unknown) => (typeof v === 'string' ? v.slice(0, 2000) : '');

/** Only valid values survive (settings come from pages of ours and from imports). */
export function sanitizeLlm(v: Partial<LlmSettings> | null | undefined): LlmSettings {
  const d = DEFAULT_LLM_SETTINGS;
  const p: Partial<PromptSettings> = v?.prompts ?? {};
  return {
    enabled: bool(v?.enabled, d.enabled),
    modelId: typeof v?.modelId === 'string' && /^[A-Za-z0-9][\w.-]{0,99}\/[A-Za-z0-9][\w.-]{0,99}$/.test(v.modelId) && !v.modelId.includes('..') ? v.modelId : null,
    backend: v?.backend === 'webgpu' || v?.backend === 'wasm' ? v.backend : 'auto',
    acceptWasm: bool(v?.acceptWasm, d.acceptWasm),
    refine: bool(v?.refine, d.refine),
    k: int(v?.k, 2, 20, d.k),
    budgetMs: int(v?.budgetMs, 100, 30_000, d.budgetMs),
    maxTokens: int(v?.maxTokens, 16, 512, d.maxTokens),
    prompts: { profile: prompt(p.profile), steering: prompt(p.steering), refine: prompt(p.refine) },
  };
}

export { DEFAULT_PROMPTS };
