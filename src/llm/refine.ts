/**
 * Top-K refinement by the LLM, pure: which items are scored, how the scores re-order the top K,
 * and what the badges say. The model call is injected (a worker in the extension, a fake in tests).
 */
import { withinBudget, type Clock } from './budget';

/** The answer of a refinement; `scores[i]` is P("Yes") of `order[i]` for the first K positions. */
export interface Refined {
  order: number[];
  changed: boolean;
  note: string;
  scores?: number[];
}

export interface RefineInput {
  /** The fast order (input indices, best first); never mutated. */
  readonly order: readonly number[];
  readonly k: number;
  readonly budgetMs: number;
  /** Part of the budget already spent by the caller (reading settings, waiting for a turn). */
  readonly spentMs?: number;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** Randomness for the scoring order (seeded in tests). */
  readonly random: () => number;
  /** P("Yes") per item index given, in that order. */
  readonly score: (indices: number[], signal: AbortSignal) => Promise<number[]>;
  /** How much the fast order counts against the LLM (0 = LLM alone); default 0.1. */
  readonly prior?: number;
}

export type RefineOutcome = { kind: 'refined'; refined: Refined } | { kind: 'kept'; reason: 'over-budget' | 'cancelled' | 'failed' | 'invalid'; note: string };

/** Fisher–Yates on a copy. */
export function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Scores must be one probability per item; anything else is model or transport garbage. */
export function validScores(scores: unknown, n: number): scores is number[] {
  return Array.isArray(scores) && scores.length === n && scores.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0 && s <= 1);
}

/**
 * Re-orders the first `top.length` positions of `order` by score, plus a small prior for the fast
 * position (so near-ties keep the fast order). Positions after the top K never move.
 */
export function mergeTopK(order: readonly number[], scoreOf: ReadonlyMap<number, number>, prior = 0.1): { order: number[]; changed: boolean } {
  const k = Math.min(order.length, scoreOf.size);
  const head = order.slice(0, k);
  const key = (item: number, pos: number) => (scoreOf.get(item) ?? 0) + prior * (1 - pos / Math.max(1, k));
  const ranked = head.map((item, pos) => ({ item, pos, key: key(item, pos) })).sort((a, b) => b.key - a.key || a.pos - b.pos);
  const out = [...ranked.map((r) => r.item), ...order.slice(k)];
  return { order: out, changed: out.some((x, i) => x !== order[i]) };
}

/**
 * Scores the top K of the fast order with the LLM — in shuffled order, so a cut-off or a drift
 * over the run never favours the fast order's leaders — and merges the scores, only if every
 * score arrived within the budget. Otherwise the fast order stays and the reason is returned.
 */
export async function refineTopK(input: RefineInput): Promise<RefineOutcome> {
  const top = input.order.slice(0, Math.max(0, Math.floor(input.k)));
  if (top.length < 2) return { kind: 'kept', reason: 'invalid', note: 'fewer than two items to refine' };
  const asked = shuffled(top, input.random);
  const r = await withinBudget((signal) => input.score(asked, signal), input.budgetMs - (input.spentMs ?? 0), input.clock, input.signal);
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  if (r.kind === 'over-budget') return { kind: 'kept', reason: 'over-budget', note: `LLM over its ${secs(input.budgetMs)} budget: fast order kept` };
  if (r.kind === 'cancelled') return { kind: 'kept', reason: 'cancelled', note: 'refinement cancelled: fast order kept' };
  if (r.kind === 'failed') return { kind: 'kept', reason: 'failed', note: `LLM failed (${r.error instanceof Error ? r.error.message : String(r.error)}): fast order kept` };
  if (!validScores(r.value, asked.length)) return { kind: 'kept', reason: 'invalid', note: 'LLM scores were not valid probabilities: fast order kept' };
  const scoreOf = new Map(asked.map((item, i) => [item, r.value[i]!]));
  const spread = Math.max(...r.value) - Math.min(...r.value);
  const merged = spread < 0.02 ? { order: [...input.order], changed: false } : mergeTopK(input.order, scoreOf, input.prior);
  const moved = merged.order.slice(0, top.length).filter((x, i) => x !== input.order[i]).length;
  const note = merged.changed ? `LLM re-ordered ${moved} of the top ${top.length} in ${secs(r.ms)}` : spread < 0.02 ? `LLM had no preference among the top ${top.length}` : `LLM agreed with the top ${top.length}`;
  return { kind: 'refined', refined: { order: merged.order, changed: merged.changed, note, scores: merged.order.slice(0, top.length).map((i) => scoreOf.get(i)!) } };
}

/** A badge reason for every item the LLM moved (by input index): "re-ordered by the on-device LLM". */
export function llmReasons(before: readonly number[], after: readonly number[]): Map<number, { direction: 'up' | 'down'; text: string; kind: 'llm' }> {
  const posBefore = new Map(before.map((item, pos) => [item, pos]));
  const out = new Map<number, { direction: 'up' | 'down'; text: string; kind: 'llm' }>();
  after.forEach((item, pos) => {
    const was = posBefore.get(item);
    if (was === undefined || was === pos) return;
    out.set(item, { direction: pos < was ? 'up' : 'down', text: `${pos < was ? 'raised' : 'lowered'} by the on-device LLM`, kind: 'llm' });
  });
  return out;
}
