/**
 * The interest profile in words ("You look at trail-running shoes and espresso grinders; you skip
 * celebrity news.") as steering anchors: one per clause, signed by its verbs, with the filler
 * ("you have been looking at") dropped so the lexical ranker matches the topic words.
 */
import type { SteeringAnchor } from '../ranking/steering';

const MAX = 6;
const MAX_WORDS = 8;
const NEGATIVE = /\b(?:skip(?:s|ped)?|avoid(?:s|ed)?|dismiss(?:es|ed)?|dislike[sd]?|ignore[sd]?|not interested in|(?:do not|don'?t|never|rarely) (?:like|want|watch|buy|look at|care about)|less|no longer)\b|不喜欢|不看|不要|跳过|屏蔽/i;
const FILLER = new RegExp(
  [
    String.raw`\b(?:you(?:'ve| have| are|'re)?|your|lately|recently|mostly|often|also|mainly|especially|really|seem to|tend to)\b`,
    String.raw`\b(?:been|keep|kept|looking|looked|look|at|for|into|watching|watch(?:ed)?|browsing|browse[sd]?|shopping|shop(?:ped)?|searching|search(?:ed)?|interested|in|like[sd]?|enjoy(?:s|ed)?|prefer(?:s|red)?|love[sd]?|on|about|things|stuff|items|videos?|products?)\b`,
    NEGATIVE.source,
  ].join('|'),
  'gi',
);

/** Signed anchors from profile text (at most six; empty for empty text). */
export function profileAnchors(text: string): SteeringAnchor[] {
  const out: SteeringAnchor[] = [];
  for (const clause of text.split(/[.;!?。；！？\n]+|,\s*(?:but|and)\s+|\s+but\s+|,\s+/i)) {
    const sign: 1 | -1 = NEGATIVE.test(clause) ? -1 : 1;
    for (const part of clause.split(/\s+(?:and|or|&)\s+|、|和/i)) {
      const topic = part.replace(FILLER, ' ').replace(/[^\p{L}\p{N}\s'&+-]/gu, ' ').replace(/\s+/g, ' ').trim();
      const t = topic.split(' ').slice(0, MAX_WORDS).join(' ');
      if (t.length >= 3 && !out.some((a) => a.text.toLowerCase() === t.toLowerCase())) out.push({ text: t, sign });
      if (out.length >= MAX) return out;
    }
  }
  return out;
}
