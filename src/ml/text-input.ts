import { MlError } from './errors';

/** Most texts one embed call accepts; more is a caller bug, refused rather than run for minutes. */
export const MAX_TEXTS_PER_CALL = 10_000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces lone UTF-16 surrogates with U+FFFD so tokenizers see valid text. */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Cuts `text` to at most `maxChars` UTF-16 units without splitting a surrogate pair. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const code = text.charCodeAt(maxChars - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars);
}

/**
 * Validates and normalises embed input: an array of strings, made well-formed, clipped to
 * `maxChars` (long before tokenizing, so a 100 KB string costs no more than a long title),
 * then prefixed.
 */
export function prepareTexts(texts: unknown, prefix: string, maxChars: number): string[] {
  if (!Array.isArray(texts)) throw new MlError('bad-input', 'texts must be an array of strings');
  if (texts.length > MAX_TEXTS_PER_CALL) {
    throw new MlError('bad-input', `too many texts in one call: ${texts.length} > ${MAX_TEXTS_PER_CALL}`);
  }
  return texts.map((text, index) => {
    if (typeof text !== 'string') throw new MlError('bad-input', `texts[${index}] is ${typeof text}, not a string`);
    return prefix + clip(toWellFormed(text), maxChars);
  });
}
