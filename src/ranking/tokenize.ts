/**
 * Title tokenisation for the lexical path: lower-cased word tokens for alphabetic scripts and
 * overlapping character bigrams for CJK runs, because Chinese and Japanese titles have no
 * spaces and an English-only encoder cannot read them.
 */

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
const RUN = /[\p{L}\p{N}]+/gu;

// Function words carry no interest; kept short on purpose so product words survive.
const STOP = new Set(
  'a an and are as at be by for from in into is it of on or the this to with vs new'.split(' '),
);

function pushWord(word: string, out: string[]): void {
  if ((word.length > 1 || /\d/.test(word)) && !STOP.has(word)) out.push(word);
}

/** Split one alphanumeric run into CJK bigrams and non-CJK words. */
function splitRun(run: string, out: string[]): void {
  if (!CJK.test(run)) return pushWord(run, out); // fast path: most runs are plain words
  let word = '';
  let cjk = '';
  const flushWord = (): void => {
    pushWord(word, out);
    word = '';
  };
  const flushCjk = (): void => {
    if (cjk.length === 1) out.push(cjk);
    for (let i = 0; i + 1 < cjk.length; i++) out.push(cjk.slice(i, i + 2));
    cjk = '';
  };
  for (const ch of run) {
    if (CJK.test(ch)) {
      flushWord();
      cjk += ch;
    } else {
      flushCjk();
      word += ch;
    }
  }
  flushWord();
  flushCjk();
}

// The same titles are tokenised again and again (every list, every request): a bounded memo.
const memo = new Map<string, readonly string[]>();
const MEMO_CAP = 50_000;

/** Tokens of a title, in order, with repeats. Never throws; non-strings give []. */
export function tokenize(text: unknown): readonly string[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const hit = memo.get(text);
  if (hit) return hit;
  const out: string[] = [];
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(RUN)) splitRun(m[0], out);
  if (memo.size >= MEMO_CAP) memo.clear();
  memo.set(text, out);
  return out;
}

/** Term counts of a title. */
export function termCounts(text: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Key used to recognise the same item across lists when the site gives no id. */
export function titleKey(title: unknown): string {
  return tokenize(title).join(' ');
}
