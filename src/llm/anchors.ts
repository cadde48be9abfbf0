import { parseSteering, type SteeringAnchor } from '../ranking/steering';
import type { LlmSteering, ProfileWords } from './llm-state';
import { profileAnchors } from './profile-anchors';

const MAX = 18;

/**
 * All steering anchors for the ranker: the steering text (as the LLM structured it when it did so
 * for this very text, else the plain-word parser), then the interest profile in words as shown in
 * the popup (generated or edited). Explicit steering wins a clash of wording.
 */
export function combinedAnchors(steeringText: string, llm: LlmSteering | undefined, profile: ProfileWords): SteeringAnchor[] {
  const steering = llm && llm.input === steeringText ? llm.anchors : parseSteering(steeringText);
  const out: SteeringAnchor[] = [];
  for (const a of [...steering, ...profileAnchors(profile.text)]) {
    if (!out.some((b) => b.text.toLowerCase() === a.text.toLowerCase())) out.push({ text: a.text, sign: a.sign });
  }
  return out.slice(0, MAX);
}
