/**
 * Steering typed by the user in plain words: "more cooking, less gaming, nothing about crypto".
 * A deterministic parser (no model needed): phrases split on commas, semicolons, "and", "but";
 * each signed by its lead words. A phrase with no lead word counts as "more".
 */
export interface SteeringAnchor {
  text: string;
  sign: 1 | -1;
}

// English lead words need a space after them; Chinese ones (不要游戏, 更多烹饪) do not.
const NEGATIVE = /^(?:(?:less|fewer|no|not|never|nothing\s+(?:about|on|with)|without|avoid|hide|skip|stop(?:\s+showing)?|don'?t\s+show|minus)\s+|(?:不要|别再|不看|屏蔽|少点|少)\s*)/i;
const POSITIVE = /^(?:(?:more|lots\s+of|show(?:\s+me)?|plus|want|prefer|only)\s+|(?:更多|多点|多些|想看)\s*)/i;
const MAX_ANCHORS = 12;
const MAX_WORDS = 8;

/** Parse steering text into signed anchors (at most 12, each a few words, plain text). */
export function parseSteering(input: string): SteeringAnchor[] {
  if (typeof input !== 'string') return [];
  const out: SteeringAnchor[] = [];
  for (const raw of input.split(/[,;，；、\n]+|\s+(?:and|but)\s+/i)) {
    let phrase = raw.replace(/[^\p{L}\p{N}\s'&+-]/gu, ' ').replace(/\s+/g, ' ').trim();
    if (!phrase) continue;
    let sign: 1 | -1 = 1;
    if (NEGATIVE.test(phrase)) {
      sign = -1;
      phrase = phrase.replace(NEGATIVE, '');
    } else phrase = phrase.replace(POSITIVE, '');
    const text = phrase.split(' ').slice(0, MAX_WORDS).join(' ').trim();
    if (text && !out.some((a) => a.text.toLowerCase() === text.toLowerCase())) out.push({ text, sign });
    if (out.length >= MAX_ANCHORS) break;
  }
  return out;
}
