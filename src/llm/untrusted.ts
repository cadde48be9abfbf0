/**
 * Every LLM output is untrusted text (never HTML, never executed, length-limited), and every
 * page title put into a prompt is data, quoted, that cannot close the quote or the chat turn.
 */

// C0/C1 controls except newline, bidi overrides/isolates, zero-width characters and the BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Model output made safe to show and store: visible characters, tidy spaces, at most `max` chars. */
export function cleanModelText(text: string, max: number): string {
  const s = String(text).replace(INVISIBLE, '').replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

/**
 * A page title (or any outside text) as a quoted prompt datum. Angle brackets become look-alikes
 * so no chat-template special token (`<|im_end|>`, `<|im_start|>`…) can be spelled by a page;
 * JSON quoting escapes quotes and newlines, so the datum stays one quoted line.
 */
export function quoteData(text: string, max: number): string {
  const s = String(text).replace(INVISIBLE, ' ').replace(/</g, '‹').replace(/>/g, '›').replace(/\s+/g, ' ').trim();
  return JSON.stringify(s.length > max ? `${s.slice(0, max - 1)}…` : s);
}

/** Output that declines the task instead of doing it. */
export function looksLikeRefusal(text: string): boolean {
  return /^\W*(?:I'?m sorry|I am sorry|sorry,|I (?:cannot|can'?t|won'?t|am unable|'m unable)|As an AI|I do not have|I don'?t have)/i.test(text);
}

/**
 * Output that is not prose: too few letters, no real words, or run-on "words". A random model
 * (the project's tiny test LM) writes such text; a real one does when it breaks down.
 */
export function looksLikeGarbage(text: string): boolean {
  const s = text.trim();
  if (s.length < 12) return true;
  const letters = (s.match(/[\p{L}\s.,;:!?'’()，。；：！？、-]/gu) ?? []).length / s.length;
  if (letters < 0.8) return true;
  // Chinese and Japanese are written without spaces: judged by their characters alone.
  if ((s.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []).length >= 4) return false;
  const words = s.split(/\s+/);
  const real = words.filter((w) => /^[\p{L}'’-]{2,20}[.,;:!?]?$/u.test(w)).length;
  return real < 3 || real / words.length < 0.5 || words.some((w) => w.length > 40);
}
