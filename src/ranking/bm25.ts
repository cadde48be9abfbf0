/**
 * BM25 of a page item's title against a weighted "query" of history terms. Document
 * frequencies come from a corpus the caller keeps growing (every title seen in lists and
 * history); the evaluation can pass a catalog's statistics instead.
 */
import { addOwn, ownNumber } from './own';
import { termCounts } from './tokenize';

/** Document-frequency statistics; plain data so it can be stored and cloned. */
export interface CorpusStats {
  docs: number;
  totalLength: number;
  df: Record<string, number>;
  /** Frequencies of the list being ranked, layered on top of `df` for one request (never stored). */
  extra?: ReadonlyMap<string, number>;
}

export function emptyCorpus(): CorpusStats {
  return { docs: 0, totalLength: 0, df: {} };
}

/** Count one title into the corpus, in place. */
export function addDocument(corpus: CorpusStats, title: string): void {
  const counts = termCounts(title);
  corpus.docs += 1;
  for (const [t, c] of counts) {
    corpus.totalLength += c;
    addOwn(corpus.df, t, 1);
  }
}

/**
 * The corpus plus the titles of the list being ranked, without copying `df`: the list is a
 * fair sample of what the site shows, while history alone would make the user's favourite
 * words look common and so weigh them down.
 */
export function withList(corpus: CorpusStats, titles: readonly string[]): CorpusStats {
  // A Map, not a record: this layer is built for every list ranked, and defining record
  // properties one by one (prototype-safe) costs more than the rest of the lexical features.
  const extra = new Map<string, number>();
  let totalLength = 0;
  for (const title of titles) {
    for (const [t, c] of termCounts(title)) {
      totalLength += c;
      extra.set(t, (extra.get(t) ?? 0) + 1);
    }
  }
  return { docs: corpus.docs + titles.length, totalLength: corpus.totalLength + totalLength, df: corpus.df, extra };
}

/** Robertson–Spärck Jones IDF, floored at a small positive value so common words still count a little. */
export function idf(corpus: CorpusStats, term: string): number {
  const n = Math.max(corpus.docs, 1);
  const extra = corpus.extra?.get(term) ?? 0;
  const df = Math.min((ownNumber(corpus.df, term) ?? 0) + extra, n);
  return Math.max(Math.log(1 + (n - df + 0.5) / (df + 0.5)), 0.01);
}

const K1 = 1.2;
const B = 0.75;

/** Terms of the query that matched, with their contribution, for explanations. */
export interface Bm25Match {
  score: number;
  terms: Array<[string, number]>;
}

/** Score one title; `query` maps term → weight (decayed history term mass). */
export function bm25(query: ReadonlyMap<string, number>, title: string, corpus: CorpusStats): Bm25Match {
  const counts = termCounts(title);
  let len = 0;
  for (const c of counts.values()) len += c;
  const avg = corpus.docs > 0 && corpus.totalLength > 0 ? corpus.totalLength / corpus.docs : Math.max(len, 1);
  const terms: Array<[string, number]> = [];
  let score = 0;
  for (const [t, tf] of counts) {
    const q = query.get(t);
    if (!q) continue;
    const part = q * idf(corpus, t) * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avg)));
    score += part;
    terms.push([t, part]);
  }
  terms.sort((a, b) => b[1] - a[1]);
  return { score: Number.isFinite(score) ? score : 0, terms };
}
