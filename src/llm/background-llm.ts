import type { HistoryStore } from '../history/store';
import { llmConnection, type LlmConnection } from '../ml/llm/llm-connection';
import { getSettings } from '../settings/settings';
import { llmInstalled } from './llm-files';
import { realClock } from './budget';
import { llmStateItem } from './llm-state';
import { LlmService } from './llm-service';

/** How long a positive "the model is installed" answer is trusted (the options page may delete it). */
const PRESENT_TTL_MS = 30_000;

/** The background's LLM service, wired to the model host, the history store and storage. */
export function createLlmService(store: HistoryStore, onAnchorsChanged: () => Promise<void>): LlmService {
  let connection: LlmConnection | undefined;
  const seen = new Map<string, number>();
  return new LlmService({
    connection: () => (connection ??= llmConnection()),
    settings: getSettings,
    present: async (id) => {
      const { llm } = await getSettings();
      const key = `${id}|${llm.backend}|${llm.acceptWasm}`;
      if ((seen.get(key) ?? -Infinity) > Date.now() - PRESENT_TTL_MS) return true;
      const ok = (await llmInstalled(id, llm).catch(() => null)) !== null;
      if (ok) seen.set(key, Date.now());
      else seen.delete(key);
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
