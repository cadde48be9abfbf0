/**
 * Per-history-item matching: each list item is compared with every remembered recent item
 * separately (encoder cosine + TF-IDF cosine of the two titles, and shared word pairs),
 * instead of only against one pooled query. A pooled query blurs "Mario Kart 8 - Wii U" and
 * "Fallout 4 - PS4" into one bag of words; matching item by item keeps "close to one thing
 * the user had" distinct from "shares a word with everything". Cost: list × recent, bounded
 * by the profile's `recentSize`, never by history length.
 */
import { idf } from './bm25';
import type { CorpusStats } from './bm25';
import type { MemoryItem } from './profile';
import { tokenize } from './tokenize';
import { dot } from './vector';

/** A recent history item prepared once per request. */
export interface PreparedMemory {
  vec: Float32Array | null;
  /** Unit-length TF-IDF weights of the title's words. */
  terms: Map<string, number>;
  /** Adjacent word pairs of the title ("sacred stones"), for franchise / series matches. */
  pairs: ReadonlySet<string>;
  /** Sequence weight: 1 for the latest item, halving every `sequenceHalfLife` items back. */
  seq: number;
}

/** How one list item matches the recent history, item by item. */
export interface HistoryMatch {
  /** Mean of the 3 best fused similarities (encoder cosine + lexicalShare × TF-IDF cosine). */
  pair: number;
  /** Fused similarity to the most recent history item (what the user is doing right now). */
  sequence: number;
  /** Sequence-weighted mean of the rarity (IDF) of word pairs shared with each history item. */
  phrase: number;
  /** Index into profile.recent of the best fused match, -1 when there is none. */
  best: number;
}

/** Unit TF-IDF vector of a title (sublinear counts), with IDF from `corpus`. */
export function tfidf(title: string, corpus: CorpusStats): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(title)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const out = new Map<string, number>();
  let norm = 0;
  for (const [t, c] of counts) {
    const x = (1 + Math.log(c)) * idf(corpus, t);
    out.set(t, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, x] of out) out.set(t, x / norm);
  return out;
}

// Titles come back list after list: their word pairs are kept (bounded), like their tokens.
const pairMemo = new Map<string, ReadonlySet<string>>();
const PAIR_MEMO_CAP = 20_000;

/** Adjacent word pairs of a title (shared, never to be modified). */
export function wordPairs(title: string): ReadonlySet<string> {
  const hit = pairMemo.get(title);
  if (hit) return hit;
  const toks = tokenize(title);
  const out = new Set<string>();
  for (let i = 0; i + 1 < toks.length; i++) out.add(`${toks[i]} ${toks[i + 1]}`);
  if (pairMemo.size >= PAIR_MEMO_CAP) pairMemo.clear();
  pairMemo.set(title, out);
  return out;
}

/**
 * The recent items prepared for one request, with inverted indexes: a list item meets only the
 * history items that share a word (or a word pair) with it, instead of every history item's
 * word map being probed for every list item.
 */
export interface PreparedMemories {
  items: PreparedMemory[];
  /** Word → [history item index, its TF-IDF weight] for every history item holding it. */
  byTerm: Map<string, Array<[number, number]>>;
  /** Word pair → indices of the history items holding it. */
  byPair: Map<string, number[]>;
}

// Profiles are replaced, never edited, on each event (applyEvents clones), so the same
// `recent` array with the same corpus and half-life always prepares the same way: lists
// ranked against one profile (several per page, or the eval's ablations) share the work.
const prepared = new WeakMap<readonly MemoryItem[], { corpus: CorpusStats; docs: number; h: number; memory: PreparedMemories }>();

/** Prepare the recent items (oldest first, as the profile keeps them); memoised per profile. */
export function prepareMemory(recent: readonly MemoryItem[], corpus: CorpusStats, sequenceHalfLife: number): PreparedMemories {
  const hit = prepared.get(recent);
  if (hit && hit.corpus === corpus && hit.docs === corpus.docs && hit.h === sequenceHalfLife) return hit.memory;
  const memory = prepareFresh(recent, corpus, sequenceHalfLife);
  prepared.set(recent, { corpus, docs: corpus.docs, h: sequenceHalfLife, memory });
  return memory;
}

function prepareFresh(recent: readonly MemoryItem[], corpus: CorpusStats, sequenceHalfLife: number): PreparedMemories {
  const h = sequenceHalfLife > 0 ? sequenceHalfLife : Infinity;
  const items = recent.map((m, j) => ({
    vec: m.vec,
    terms: tfidf(m.title, corpus),
    pairs: wordPairs(m.title),
    seq: Math.pow(2, -(recent.length - 1 - j) / h),
  }));
  const byTerm = new Map<string, Array<[number, number]>>();
  const byPair = new Map<string, number[]>();
  items.forEach((m, j) => {
    for (const [t, w] of m.terms) {
      const post = byTerm.get(t);
      if (post) post.push([j, w]);
      else byTerm.set(t, [[j, w]]);
    }
    for (const pr of m.pairs) {
      const post = byPair.get(pr);
      if (post) post.push(j);
      else byPair.set(pr, [j]);
    }
  });
  return { items, byTerm, byPair };
}

/**
 * Rarity of a word pair: the larger IDF of its two words. A pair is at least as rare as its
 * rarer word, and the corpus keeps single-word frequencies only (measured on the valid split
 * to rank as well as true pair frequencies).
 */
function pairIdf(pair: string, corpus: CorpusStats): number {
  const sp = pair.indexOf(' ');
  return Math.max(idf(corpus, pair.slice(0, sp)), idf(corpus, pair.slice(sp + 1)));
}

/**
 * Match one list item against the prepared memory. `cos[j]` is the item's encoder cosine with
 * memory item j (NaN or null: no vectors, the match is by words alone).
 */
export function matchHistory(
  title: string,
  cos: readonly number[] | null,
  memory: PreparedMemories,
  corpus: CorpusStats,
  lexicalShare: number,
): HistoryMatch {
  const n = memory.items.length;
  // TF-IDF cosine with each history item and the rarity of the word pairs they share, through
  // the inverted indexes (history items sharing nothing stay at 0).
  const lex = new Float64Array(n);
  const shared = new Float64Array(n);
  for (const [t, x] of tfidf(title, corpus)) {
    const post = memory.byTerm.get(t);
    if (post) for (const [j, w] of post) lex[j]! += x * w;
  }
  for (const pr of wordPairs(title)) {
    const post = memory.byPair.get(pr);
    if (!post) continue;
    const r = pairIdf(pr, corpus);
    for (const j of post) shared[j]! += r;
  }
  let t1 = -Infinity;
  let t2 = -Infinity;
  let t3 = -Infinity;
  let best = -1;
  let bestSim = -Infinity;
  let phraseNum = 0;
  let phraseDen = 0;
  let sequence = 0;
  for (let j = 0; j < n; j++) {
    const c = cos?.[j] ?? 0;
    const sim = (Number.isFinite(c) ? c : 0) + lexicalShare * lex[j]!;
    if (sim > bestSim) [bestSim, best] = [sim, j];
    if (sim > t1) [t1, t2, t3] = [sim, t1, t2];
    else if (sim > t2) [t2, t3] = [sim, t2];
    else if (sim > t3) t3 = sim;
    const seq = memory.items[j]!.seq;
    phraseNum += seq * shared[j]!;
    phraseDen += seq;
    if (j === n - 1) sequence = sim;
  }
  const found = [t1, t2, t3].filter((x) => x > -Infinity);
  const pair = found.length ? found.reduce((a, b) => a + b, 0) / found.length : 0;
  return { pair, sequence, phrase: phraseDen > 0 ? phraseNum / phraseDen : 0, best };
}

/**
 * How typical each item is of the list: mean cosine to the other items, in O(n) through the
 * list's vector sum. Items close to everything ("hubs": generic bundles, accessories that
 * match any console) look similar to any history; subtracting typicality keeps the
 * similarities that are specific to this user.
 */
export function typicality(vectors: ReadonlyArray<Float32Array | null>): Array<number | null> {
  const present = vectors.filter((v): v is Float32Array => v !== null);
  if (present.length < 3) return vectors.map(() => null);
  const dims = Math.min(...present.map((v) => v.length));
  const sum = new Float32Array(dims);
  for (const v of present) for (let i = 0; i < dims; i++) sum[i]! += v[i]!;
  return vectors.map((v) => (v ? (dot(v, sum) - dot(v, v)) / (present.length - 1) : null));
}
