/**
 * Product-like titles of an exact token length for the real-shape bench: every word below is one
 * WordPiece token of the all-MiniLM-L6-v2 vocabulary (checked by {@link checkTitleLengths}), so a
 * title of `tokens` tokens is `tokens − 2` words between [CLS] and [SEP]. Never repeated within a
 * process, so the vector cache never answers.
 */
import { AutoTokenizer } from '@huggingface/transformers';

const WORDS = (
  'red blue green black white small large light dark soft hard warm cold new old fast slow long short wide round flat ' +
  'deep high low clean fresh dry wet thin thick heavy strong smart simple classic modern home kitchen garden office ' +
  'travel outdoor indoor sport summer winter spring water coffee tea wood metal glass paper cotton leather wool steel ' +
  'stone gold silver plastic rubber chair table lamp bag shoe shirt jacket bottle box cup plate knife clock phone camera ' +
  'watch book game toy bike car door window bed desk sofa mirror brush'
).split(' ');

let counter = 0;

/**
 * `tokens` = MIXED: lengths cycle through these, like a real result page (short names, long
 * marketplace titles); mean 22 tokens. One long title in a batch pads the short ones to it.
 */
export const MIXED = 0;
const MIXED_CYCLE = [10, 14, 40, 18, 12, 24, 16, 48, 11, 20, 13, 32, 15, 28, 9, 40];
/** Mean tokens of a MIXED title (for FLOPs). */
export const MIXED_MEAN = MIXED_CYCLE.reduce((a, b) => a + b, 0) / MIXED_CYCLE.length;

/** `n` new titles of exactly `tokens` tokens each (with [CLS] and [SEP]; the MiniLM tokenizer), or MIXED lengths. */
export function sizedTitles(n: number, tokens: number): string[] {
  const B = WORDS.length;
  return Array.from({ length: n }, (_, j) => {
    const i = counter++;
    const len = tokens === MIXED ? MIXED_CYCLE[j % MIXED_CYCLE.length]! : tokens;
    // The first three words spell the counter in base B (unique for 778k titles); the rest vary with it.
    const words = Array.from({ length: len - 2 }, (_, k) => WORDS[(k < 3 ? Math.floor(i / B ** k) : i * 31 + k * 17) % B]!);
    return words.join(' ');
  });
}

/** Token counts of a few titles per length through the model's tokenizer (with the model's prefix). */
export async function checkTitleLengths(modelId: string, lengths: readonly number[], prefix = ''): Promise<Map<number, number[]>> {
  const tok = await AutoTokenizer.from_pretrained(modelId);
  const out = new Map<number, number[]>();
  for (const len of lengths) out.set(len, sizedTitles(3, len).map((t) => tok.encode(prefix + t).length));
  return out;
}
