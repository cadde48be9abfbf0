/**
 * The LLM's steering answer, validated: exactly `{"more": [...], "less": [...]}` (either key may
 * be missing), short plain-text topics, each grounded in the user's own words. Anything else is
 * rejected (null), and the caller asks again or falls back to the plain-word parser.
 */
import type { SteeringAnchor } from '../ranking/steering';
import { jsonObjectEnd } from './json-shape';
import { cleanModelText } from './untrusted';

const MAX_ANCHORS = 12;
const MAX_WORDS = 6;
const MAX_CHARS = 60;

/** Lower-case words (CJK: single characters) of a text. */
function words(text: string): string[] {
  return text.toLowerCase().match(/\p{Script=Han}|[\p{L}\p{N}]+/gu) ?? [];
}

/** A topic is grounded when one of its words shares its first four letters (or a CJK character) with the request. */
export function grounded(topic: string, request: string): boolean {
  const req = words(request);
  return words(topic).some((w) => req.some((r) => (w.length < 4 || r.length < 4 ? w === r : w.slice(0, 4) === r.slice(0, 4))));
}

function topics(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_ANCHORS) return null;
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string') return null;
    const t = cleanModelText(v, 1000).replace(/\s+/g, ' ');
    // Topics are words: no markup, no URLs, no code; anything else means the model went astray.
    if (!t || t.length > MAX_CHARS || t.split(' ').length > MAX_WORDS || !/^[\p{L}\p{N}][\p{L}\p{N}\p{M} '&+.-]*$/u.test(t)) return null;
    out.push(t);
  }
  return out;
}

/**
 * Parses the model's answer. `request` is what the user typed: topics not grounded in it are
 * dropped (a model must not invent what to push). Null when the answer is not the schema or
 * nothing grounded is left.
 */
export function parseSteeringJson(answer: string, request: string): SteeringAnchor[] | null {
  const start = answer.indexOf('{');
  const end = jsonObjectEnd(answer);
  if (start < 0 || end < 0) return null;
  let data: unknown;
  try {
    data = JSON.parse(answer.slice(start, end));
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const keys = Object.keys(data);
  if (!keys.length || keys.some((k) => k !== 'more' && k !== 'less')) return null;
  const more = topics((data as { more?: unknown }).more);
  const less = topics((data as { less?: unknown }).less);
  if (!more || !less) return null;
  const out: SteeringAnchor[] = [];
  for (const [list, sign] of [[more, 1], [less, -1]] as const) {
    for (const text of list) {
      if (grounded(text, request) && !out.some((a) => a.text.toLowerCase() === text.toLowerCase())) out.push({ text, sign });
    }
  }
  return out.length ? out.slice(0, MAX_ANCHORS) : null;
}
