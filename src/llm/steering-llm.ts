import { parseSteering } from '../ranking/steering';
import { withinBudget } from './budget';
import { parseSteeringJson } from './json-steering';
import type { LlmDeps } from './llm-context';
import type { LlmSteering } from './llm-state';
import { steeringPrompt } from './prompts';
import type { LlmSettings } from '../settings/llm-settings';

const STEER_TOKENS = 96;
/** Steering is typed in the popup, which waits: a slow model gives way to the parser (both attempts together). */
const STEER_BUDGET_MS = 20_000;

/** Steering read by the plain-word parser, with why. */
export function parsedSteering(input: string, note: string): LlmSteering {
  return { input, anchors: parseSteering(input), via: 'parser', note };
}

/**
 * The LLM turns steering words into anchors, its answer constrained to a JSON shape (the answer is
 * started as `{"more": [` and generation stops at the closing brace) and validated; an invalid
 * answer is asked for once more, then the plain-word parser reads the words as typed.
 */
export async function steerWithLlm(deps: LlmDeps, modelId: string, llm: LlmSettings, input: string): Promise<LlmSteering> {
  if (!input.trim()) return parsedSteering(input, '');
  const prompt = steeringPrompt(input, llm.prompts);
  const prefs = { backend: llm.backend, acceptWasm: llm.acceptWasm };
  const tokens = Math.min(llm.maxTokens, STEER_TOKENS);
  let why = 'its answer was not the expected JSON';
  const t0 = deps.clock.now();
  for (let attempt = 0; attempt < 2; attempt++) {
    const left = STEER_BUDGET_MS - (deps.clock.now() - t0);
    const r = await withinBudget((signal) => deps.connection().generate(modelId, prompt, tokens, 'json', prefs, signal), left, deps.clock);
    if (r.kind !== 'done') {
      why = r.kind === 'over-budget' ? `it took longer than ${STEER_BUDGET_MS / 1000} s` : `it failed (${r.kind === 'failed' && r.error instanceof Error ? r.error.message : r.kind})`;
      break; // asking again would only repeat the wait
    }
    const anchors = parseSteeringJson((prompt.assistantPrefix ?? '') + r.value.text, input);
    if (anchors) return { input, anchors, via: 'llm', note: 'Understood by the on-device model.' };
    if (r.value.stopped === 'max-tokens') why = `its answer ran past ${tokens} tokens without closing the JSON`;
  }
  return parsedSteering(input, `The on-device model could not structure this (${why}): read as typed.`);
}
