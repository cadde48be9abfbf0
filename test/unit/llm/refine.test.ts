import { describe, expect, it } from 'vitest';
import { withinBudget } from '../../../src/llm/budget';
import { llmReasons, mergeTopK, refineTopK, shuffled, type RefineInput } from '../../../src/llm/refine';
import { FakeClock, flush, seeded } from './fake-clock';

/** A model that never answers; it notes when it is told to stop. */
const never = <T>(signal: AbortSignal, seen: { aborted?: boolean }) =>
  new Promise<T>(() => (signal.aborted ? (seen.aborted = true) : signal.addEventListener('abort', () => (seen.aborted = true))));

describe('withinBudget (fake clock: no wall-clock time in these tests)', () => {
  it('settles at the deadline while the task is still running, and aborts the task', async () => {
    const clock = new FakeClock();
    const seen: { aborted?: boolean } = {};
    let settled = false;
    const out = withinBudget((signal) => never(signal, seen), 1500, clock).then((r) => ((settled = true), r));
    await clock.advance(1499);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await out).toEqual({ kind: 'over-budget', ms: 1500 });
    expect(seen.aborted).toBe(true);
  });

  it('returns the value when the task finishes in time, and leaves no timer behind', async () => {
    const clock = new FakeClock();
    const out = withinBudget(async () => 42, 1500, clock);
    expect(await out).toMatchObject({ kind: 'done', value: 42 });
    expect(clock.pending).toBe(0);
  });

  it.each([
    ['a thrown error', () => Promise.reject(new Error('boom')), 'failed'],
    ['a synchronous throw', () => { throw new Error('sync'); }, 'failed'],
  ] as const)('reports %s as failed', async (_n, task, kind) => {
    expect((await withinBudget(task as () => Promise<never>, 100, new FakeClock())).kind).toBe(kind);
  });

  it('gives up at once when the caller cancels, or with no budget at all', async () => {
    const clock = new FakeClock();
    const outer = new AbortController();
    const seen: { aborted?: boolean } = {};
    const out = withinBudget((signal) => never(signal, seen), 1500, clock, outer.signal);
    await flush();
    outer.abort();
    expect((await out).kind).toBe('cancelled');
    expect(seen.aborted).toBe(true);
    expect((await withinBudget(async () => 1, 0, clock)).kind).toBe('over-budget');
  });
});

describe('top-K refinement', () => {
  const fast = [4, 2, 0, 1, 3, 5, 6];
  const input = (over: Partial<RefineInput>): RefineInput => ({ order: fast, k: 4, budgetMs: 1500, clock: new FakeClock(), random: seeded(7), score: async (ix) => ix.map(() => 0.5), ...over });

  it('re-orders only the top K by P(yes), asks in shuffled order, and keeps the rest', async () => {
    const asked: number[][] = [];
    const p: Record<number, number> = { 4: 0.1, 2: 0.2, 0: 0.9, 1: 0.6 };
    const r = await refineTopK(input({ score: async (ix) => (asked.push(ix), ix.map((i) => p[i]!)) }));
    expect(r.kind).toBe('refined');
    if (r.kind !== 'refined') return;
    expect(r.refined.order).toEqual([0, 1, 2, 4, 3, 5, 6]);
    expect(r.refined.changed).toBe(true);
    expect(r.refined.scores).toEqual([0.9, 0.6, 0.2, 0.1]);
    expect(r.refined.note).toMatch(/re-ordered \d of the top 4/);
    expect([...asked[0]!].sort()).toEqual([0, 1, 2, 4]);
    expect(asked[0]).not.toEqual([4, 2, 0, 1]); // shuffled (seeded)
    expect(fast).toEqual([4, 2, 0, 1, 3, 5, 6]); // the fast order is never mutated
  });

  it('keeps the fast order, at the deadline, when a deliberately slow model is still scoring', async () => {
    const clock = new FakeClock();
    const seen: { aborted?: boolean } = {};
    let done = false;
    const out = refineTopK(input({ clock, score: (_ix, signal) => never(signal, seen) })).then((r) => ((done = true), r));
    await flush();
    expect(done).toBe(false);
    await clock.advance(1500);
    expect(await out).toMatchObject({ kind: 'kept', reason: 'over-budget', note: expect.stringMatching(/over its 1\.5 s budget/) });
    expect(seen.aborted).toBe(true); // the model is told to stop, not left running
  });

  it('a model slower than the budget by one tick loses; one tick faster wins', async () => {
    for (const [finishAt, kind] of [[1499, 'refined'], [1501, 'kept']] as const) {
      const clock = new FakeClock();
      const score = async (ix: number[], signal: AbortSignal) => {
        await clock.sleep(finishAt, signal);
        return ix.map((i) => i / 10);
      };
      const out = refineTopK(input({ clock, score }));
      await flush(); // the model starts
      await clock.advance(1499);
      await clock.advance(2);
      expect((await out).kind).toBe(kind);
    }
  });

  it.each([
    ['too few scores', [0.5]],
    ['NaN', [Number.NaN, 0.1, 0.2, 0.3]],
    ['above 1', [2, 0.1, 0.2, 0.3]],
    ['not numbers', ['yes', 'no', 'yes', 'no']],
  ])('rejects invalid scores (%s) and keeps the fast order', async (_n, scores) => {
    expect(await refineTopK(input({ score: async () => scores as number[] }))).toMatchObject({ kind: 'kept', reason: 'invalid' });
  });

  it('reports a failing model and a model with no preference', async () => {
    expect(await refineTopK(input({ score: () => Promise.reject(new Error('session lost')) }))).toMatchObject({ kind: 'kept', reason: 'failed', note: expect.stringMatching(/session lost/) });
    const flat = await refineTopK(input({ score: async (ix) => ix.map(() => 0.5) }));
    expect(flat).toMatchObject({ kind: 'refined', refined: { changed: false, order: fast, note: expect.stringMatching(/no preference/) } });
  });

  it('near-ties keep the fast order (a small prior for the fast position)', () => {
    const scores = new Map([[4, 0.5], [2, 0.52], [0, 0.3]]);
    expect(mergeTopK([4, 2, 0, 1], scores).order).toEqual([4, 2, 0, 1]);
    expect(mergeTopK([4, 2, 0, 1], scores, 0).order).toEqual([2, 4, 0, 1]);
  });

  it('shuffles a copy, and badges name the LLM for the items it moved', () => {
    const xs = [1, 2, 3, 4, 5];
    expect(shuffled(xs, seeded(1)).sort()).toEqual(xs);
    const reasons = llmReasons([4, 2, 0, 1], [0, 2, 4, 1]);
    expect([...reasons.keys()].sort()).toEqual([0, 4]);
    expect(reasons.get(0)).toEqual({ direction: 'up', text: 'raised by the on-device LLM', kind: 'llm' });
    expect(reasons.get(4)?.direction).toBe('down');
  });
});
