/** Baselines that do not go through the full ranker: random, plain BM25, encoder similarity. */
import { bm25 } from '../ranking/bm25';
import type { CorpusStats } from '../ranking/bm25';
import { orderByScore } from '../ranking/blend';
import { termCounts } from '../ranking/tokenize';
import { cosine } from '../ranking/vector';
import { seededRandom, shuffled } from './rng';
import type { EvalTask } from './task';

/** A uniformly random order (seeded). */
export function randomOrder(task: EvalTask, seed: number): number[] {
  return shuffled(task.candidates.map((_, i) => i), seededRandom(seed));
}

/** Word BM25: query = term counts of all history titles, document frequencies from the corpus. */
export function bm25Order(task: EvalTask, corpus: CorpusStats): number[] {
  const query = new Map<string, number>();
  for (const h of task.history) for (const [t, c] of termCounts(h.title)) query.set(t, (query.get(t) ?? 0) + c);
  return orderByScore(task.candidates.map((c) => bm25(query, c.title, corpus).score));
}

/** Encoder baseline: mean of the top-k cosine similarities to history items (k = 1: max-sim). */
export function encoderOrder(task: EvalTask, vec: (text: string) => Float32Array | null, k: number): number[] {
  const hist = task.history.map((h) => vec(h.title)).filter((v): v is Float32Array => v !== null);
  return orderByScore(
    task.candidates.map((c) => {
      const v = vec(c.title);
      if (!v || hist.length === 0) return 0;
      const sims = hist.map((h) => cosine(v, h)).sort((a, b) => b - a).slice(0, k);
      return sims.reduce((s, x) => s + x, 0) / sims.length;
    }),
  );
}
