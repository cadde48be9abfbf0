import { withinBudget } from './budget';
import { historyDigest, type ProfileBasis } from './history-digest';
import type { LlmDeps } from './llm-context';
import type { ProfileWords } from './llm-state';
import { profilePrompt } from './prompts';
import { cleanModelText, looksLikeGarbage, looksLikeRefusal } from './untrusted';
import type { LlmSettings } from '../settings/llm-settings';

/** Longest profile kept (characters), generated or typed. */
export const PROFILE_MAX = 600;
/** A profile generation may take this long (WASM on a slow machine) before it is stopped. */
const WRITE_BUDGET_MS = 60_000;

/** What history looks like now, for the basis of a profile. */
export async function historyBasis(deps: Pick<LlmDeps, 'history' | 'now'>): Promise<ProfileBasis & { newSince: (t: number) => number }> {
  const [stats, recent] = await Promise.all([deps.history.stats(), deps.history.list({ limit: 500 })]);
  return { events: stats.total, newest: recent[0]?.time ?? 0, time: deps.now(), newSince: (t) => recent.filter((e) => e.time > t).length };
}

/**
 * Asks the LLM for the profile in words and judges the answer: a refusal, garbage, or nothing keeps
 * the previous text (with a note saying why); text cut by the token limit is kept, marked so.
 */
export async function writeProfile(deps: LlmDeps, modelId: string, llm: LlmSettings, previous: ProfileWords): Promise<ProfileWords> {
  const events = await deps.history.list({ limit: 400 });
  const lines = historyDigest(events, deps.now());
  if (!lines.length) return { ...previous, note: 'No history yet: nothing to describe.' };
  const basis = await historyBasis(deps);
  const prompt = profilePrompt(lines, llm.prompts);
  const prefs = { backend: llm.backend, acceptWasm: llm.acceptWasm };
  const r = await withinBudget((signal) => deps.connection().generate(modelId, prompt, llm.maxTokens, 'eos', prefs, signal), WRITE_BUDGET_MS, deps.clock);
  const keep = (note: string): ProfileWords => ({ ...previous, note });
  if (r.kind === 'over-budget') return keep(`The model took longer than ${WRITE_BUDGET_MS / 1000} s and was stopped; the previous text stays.`);
  if (r.kind !== 'done') return keep(`The model failed: ${r.kind === 'failed' && r.error instanceof Error ? r.error.message : r.kind}; the previous text stays.`);
  const text = cleanModelText(r.value.text, PROFILE_MAX);
  if (!text) return keep('The model wrote nothing; the previous text stays.');
  if (looksLikeRefusal(text)) return keep('The model declined to write a profile; the previous text stays.');
  if (looksLikeGarbage(text)) return keep('The model wrote no usable text; the previous text stays.');
  const cut = r.value.stopped === 'max-tokens' ? ` (stopped at the ${llm.maxTokens}-token limit)` : '';
  return { text, source: 'model', basis: { events: basis.events, newest: basis.newest, time: basis.time }, note: `Written by the on-device model from your history${cut}.` };
}
