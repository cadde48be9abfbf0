/** The measurement protocol shared by every runtime, so their figures mean the same thing. */
import { summarize } from './stats';
import type { Summary } from './stats';
import { freshTitles } from './titles';

/** Batch sizes of the brief: one title, a small list, a page of results, a long page. */
export const BATCH_SIZES = [1, 8, 32, 50] as const;

/** What one timed embed call reports: its duration and how many texts were computed (not cached). */
export interface Timed {
  readonly ms: number;
  readonly computed: number;
}

/** One embed call of a runtime, timed on the caller's side of that runtime's API. */
export type TimedEmbed = (texts: string[]) => Promise<Timed>;

/** Figures for one batch size. */
export interface BatchFigures {
  readonly size: number;
  /** First call of this size after the cold start (new texts). */
  readonly firstMs: number;
  /** Later calls of this size, new texts each time. */
  readonly warm: Summary;
  /** size ÷ warm p50. */
  readonly itemsPerSec: number;
  /** The same texts again: served from the vector cache (browser only). */
  readonly hit?: Summary;
  /** False when a call computed fewer texts than asked (a cache hit slipped in) or a hit computed any. */
  readonly valid: boolean;
}

/** Options of {@link measureBatches}. */
export interface BatchOptions {
  readonly runs: number;
  /** Also time repeats of the same texts (cache hits). */
  readonly cacheHits: boolean;
  /** Stop adding warm runs of one size after this much time (slow backends); at least 2 runs. */
  readonly budgetMs?: number;
}

/** Time the first and `runs` warm calls of each batch size, then (optionally) cache hits. */
export async function measureBatches(embed: TimedEmbed, options: BatchOptions): Promise<{ rows: BatchFigures[]; computed: number }> {
  const rows: BatchFigures[] = [];
  let computed = 0;
  for (const size of BATCH_SIZES) {
    let valid = true;
    const call = async (texts: string[]) => {
      const r = await embed(texts);
      computed += r.computed;
      if (r.computed !== texts.length) valid = false;
      return r.ms;
    };
    let last = freshTitles(size);
    const firstMs = await call(last);
    const warmMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < options.runs; i++) {
      if (i >= 2 && options.budgetMs !== undefined && performance.now() - started > options.budgetMs) break;
      last = freshTitles(size);
      warmMs.push(await call(last));
    }
    const warm = summarize(warmMs);
    let hit: BatchFigures['hit'];
    if (options.cacheHits) {
      const hitMs: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        const r = await embed(last);
        if (r.computed !== 0) valid = false;
        hitMs.push(r.ms);
      }
      hit = summarize(hitMs);
    }
    rows.push({ size, firstMs, warm, itemsPerSec: (size * 1000) / warm.p50, valid, ...(hit ? { hit } : {}) });
  }
  return { rows, computed };
}

/** Embed new titles in batches of 50 until `target` texts were computed in all; returns the total. */
export async function topUp(embed: TimedEmbed, done: number, target: number): Promise<number> {
  let total = done;
  while (total < target) total += (await embed(freshTitles(Math.min(50, target - total)))).computed;
  return total;
}
