/**
 * A time budget for LLM work with an injected clock, so tests drive time by hand (no wall-clock
 * assertions) and the product uses the real one.
 */

/** Time as the budget sees it. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; never resolves once `signal` aborts (the timer is dropped). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => clearTimeout(t), { once: true });
    }),
};

export type BudgetOutcome<T> =
  | { kind: 'done'; value: T; ms: number }
  | { kind: 'over-budget'; ms: number }
  | { kind: 'cancelled'; ms: number }
  | { kind: 'failed'; error: unknown; ms: number };

/**
 * Runs `task` and settles by the deadline whatever the task does: a task still running then is
 * aborted (its signal fires) and left behind. The caller is never held longer than the budget.
 */
export async function withinBudget<T>(task: (signal: AbortSignal) => Promise<T>, budgetMs: number, clock: Clock, outer?: AbortSignal): Promise<BudgetOutcome<T>> {
  const t0 = clock.now();
  const ms = () => clock.now() - t0;
  if (outer?.aborted) return { kind: 'cancelled', ms: 0 };
  if (!(budgetMs > 0)) return { kind: 'over-budget', ms: 0 };
  const stop = new AbortController();
  const onOuter = () => stop.abort();
  outer?.addEventListener('abort', onOuter, { once: true });
  const deadline = clock.sleep(budgetMs, stop.signal).then(() => 'deadline' as const);
  const cancelled = new Promise<'cancelled'>((resolve) => stop.signal.addEventListener('abort', () => resolve('cancelled'), { once: true }));
  // Started after the race is set up; not at all if cancelled first.
  const work = Promise.resolve().then(() => (stop.signal.aborted ? new Promise<T>(() => undefined) : task(stop.signal))).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  try {
    const first = await Promise.race([work, deadline, cancelled]);
    if (first === 'deadline') return { kind: 'over-budget', ms: ms() };
    if (first === 'cancelled') return { kind: 'cancelled', ms: ms() };
    if ('error' in first) return { kind: 'failed', error: first.error, ms: ms() };
    return { kind: 'done', value: first.value, ms: ms() };
  } finally {
    outer?.removeEventListener('abort', onOuter);
    stop.abort(); // stops the timer, and the task if it is still running
  }
}
