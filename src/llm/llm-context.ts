import { getModel, registry } from '../../models/registry';
import type { HistoryEvent, HistoryQuery, HistoryStats } from '../history/types';
import type { LlmConnection } from '../ml/llm/llm-connection';
import type { LlmPrefs } from '../ml/llm/llm-host';
import type { LlmSettings } from '../settings/llm-settings';
import type { Settings } from '../settings/settings';
import type { Clock } from './budget';
import type { LlmState } from './llm-state';

/** What the LLM service needs from the background (injected: fakes in tests). */
export interface LlmDeps {
  connection: () => LlmConnection;
  settings: () => Promise<Settings>;
  /** Is the model installed (bundled or downloaded)? */
  present: (id: string) => Promise<boolean>;
  history: { list(q: HistoryQuery): Promise<HistoryEvent[]>; stats(): Promise<HistoryStats> };
  state: { get(): Promise<LlmState>; set(s: LlmState): Promise<void> };
  /** Budget clock (performance time). */
  clock: Clock;
  /** Wall-clock time for what is stored (Date.now). */
  now: () => number;
  random: () => number;
  /** The profile or steering text changed: the ranker's anchors must follow (awaited, so the next list does). */
  onAnchorsChanged: () => Promise<void> | void;
}

/** The LLM to use now, or why none runs. */
export type LlmChoice =
  | { ok: true; modelId: string; prefs: LlmPrefs; llm: LlmSettings }
  | { ok: false; state: 'off' | 'absent'; modelId: string; note: string };

/** The user's model if it is a registered text-generation model, else the registry's default LLM. */
export function llmModelId(llm: LlmSettings): string {
  try {
    if (llm.modelId && getModel(llm.modelId).task === 'text-generation') return llm.modelId;
  } catch {
    /* an id the registry no longer has */
  }
  return registry.defaults.llm;
}

/** Which LLM may run, from settings and what is installed; nothing starts here. */
export async function chooseLlm(deps: Pick<LlmDeps, 'settings' | 'present'>): Promise<LlmChoice> {
  const { llm } = await deps.settings();
  const modelId = llmModelId(llm);
  if (!llm.enabled) return { ok: false, state: 'off', modelId, note: 'LLM off: switch it on in the options to have your interests written in words and lists refined.' };
  if (!(await deps.present(modelId))) return { ok: false, state: 'absent', modelId, note: `LLM on, but ${modelId} is not downloaded: download it in the options.` };
  return { ok: true, modelId, prefs: { backend: llm.backend, acceptWasm: llm.acceptWasm }, llm };
}
