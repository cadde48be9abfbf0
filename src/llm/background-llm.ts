import type { HistoryStore } from '../history/store';
import { llmConnection, type LlmConnection } from '../ml/llm/llm-connection';
import { installed } from '../ml/model-service';
import { getSettings } from '../settings/settings';
import { realClock } from './budget';
import { llmStateItem } from './llm-state';
import { LlmService } from './llm-service';

/** How long a positive "the model is installed" answer is trusted (the options page may delete it). */
const PRESENT_TTL_MS = 30_000;

/** The background's LLM service, wired to the model host, the history store and storage. */
export function createLlmService(store: HistoryStore, onAnchorsChanged: () => void): LlmService {
  let connection: LlmConnection | undefined;
  const seen = new Map<string, number>();
  return new LlmService({
    connection: () => (connection ??= llmConnection()),
    settings: getSettings,
    present: async (id) => {
      if ((seen.get(id) ?? -Infinity) > Date.now() - PRESENT_TTL_MS) return true;
      const ok = (await installed(id).catch(() => null)) !== null;
      if (ok) seen.set(id, Date.now());
      else seen.delete(id);
      return ok;
    },
    history: store,
    state: { get: () => llmStateItem.getValue(), set: (s) => llmStateItem.setValue(s) },
    clock: realClock,
    now: Date.now,
    random: Math.random,
    onAnchorsChanged,
  });
}
