import { describe, expect, it } from 'vitest';
import { addDocument, emptyCorpus, idf, withList } from '../../../src/ranking/bm25';
import type { CorpusStats } from '../../../src/ranking/bm25';
import { matchHistory, prepareMemory, tfidf, wordPairs } from '../../../src/ranking/history-match';
import type { MemoryItem } from '../../../src/ranking/profile';

/** The plain definition: every list item against every history item, word map by word map. */
function reference(title: string, cos: readonly number[] | null, recent: readonly MemoryItem[], corpus: CorpusStats, share: number, h: number) {
  const terms = tfidf(title, corpus);
  const pairs = wordPairs(title);
  const sims: number[] = [];
  let num = 0;
  let den = 0;
  recent.forEach((m, j) => {
    const mt = tfidf(m.title, corpus);
    let d = 0;
    for (const [t, x] of terms) d += x * (mt.get(t) ?? 0);
    const c = cos?.[j] ?? 0;
    sims.push((Number.isFinite(c) ? c : 0) + share * d);
    const mp = wordPairs(m.title);
    let shared = 0;
    for (const p of pairs) if (mp.has(p)) shared += Math.max(...p.split(' ').map((w) => idf(corpus, w)));
    const seq = Math.pow(2, -(recent.length - 1 - j) / h);
    num += seq * shared;
    den += seq;
  });
  const top = [...sims].sort((a, b) => b - a).slice(0, 3);
  const best = sims.length ? sims.indexOf(Math.max(...sims)) : -1;
  return { pair: top.length ? top.reduce((a, b) => a + b, 0) / top.length : 0, sequence: sims.at(-1) ?? 0, phrase: den ? num / den : 0, best };
}

// A small deterministic generator, so the case is the same on every run.
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('per-history-item matching through inverted indexes', () => {
  const words = 'mario kart wii fallout ps4 zelda breath wild switch deluxe edition controller pro sacred stones 咖啡 研磨 机 手冲'.split(' ');
  const rand = rng(7);
  const title = () => Array.from({ length: 2 + Math.floor(rand() * 6) }, () => words[Math.floor(rand() * words.length)]).join(' ');
  const recent: MemoryItem[] = Array.from({ length: 25 }, (_, j) => ({ title: title(), vec: null, weight: 1, time: j, site: 'amazon', key: `k${j}` }));
  const list = Array.from({ length: 60 }, title);
  const base = emptyCorpus();
  for (const m of recent) addDocument(base, m.title);
  const corpus = withList(base, list);

  it('gives what comparing every pair word by word gives (words only, and with encoder cosines)', () => {
    const memory = prepareMemory(recent, corpus, 4);
    for (const [i, t] of list.entries()) {
      const cos = i % 2 ? recent.map(() => rand() * 2 - 1) : null;
      const got = matchHistory(t, cos, memory, corpus, 0.6);
      const want = reference(t, cos, recent, corpus, 0.6, 4);
      expect(got.best).toBe(want.best);
      expect(got.pair).toBeCloseTo(want.pair, 12);
      expect(got.sequence).toBeCloseTo(want.sequence, 12);
      expect(got.phrase).toBeCloseTo(want.phrase, 12);
    }
  });

  it('finds no match and no phrase for a title sharing nothing, and handles an empty history', () => {
    const memory = prepareMemory(recent, corpus, 4);
    expect(matchHistory('completely unrelated gardening hose', null, memory, corpus, 0.6)).toMatchObject({ pair: 0, phrase: 0 });
    expect(matchHistory('mario kart', null, prepareMemory([], corpus, 4), corpus, 0.6)).toEqual({ pair: 0, sequence: 0, phrase: 0, best: -1 });
  });
});
