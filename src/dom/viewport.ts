/**
 * What the user has seen of a list, so that a refined order never moves an item under their eyes
 * (progressive ranking: the first order is applied at once, a better one may follow).
 *
 * One IntersectionObserver notes each watched item's intersections as the browser renders (no
 * polling, and no layout forced by us: reading rectangles right after the page added cards would
 * make us pay for the page's layout). An item counts as seen once any part of it was on screen;
 * an item the observer has not reported on yet counts as seen, so the safe answer is "leave it".
 */
export interface Viewport {
  /** Seen since `watch`, or not reported on yet. */
  wasSeen(el: Element): boolean;
  watch(els: readonly Element[]): void;
  /** Resolves once each of `els` was reported on (the next rendering update), or after a second. */
  settled(els: readonly Element[]): Promise<void>;
  unwatch(els: readonly Element[]): void;
  /**
   * Runs `fn` once, when `el` is first on screen (in the observer's callback after the next
   * rendering update; at once where there is no IntersectionObserver). Returns a cancel.
   */
  onScreen(el: Element, fn: () => void): () => void;
}

const SETTLE_LIMIT_MS = 1000;

/** The real viewport of `win`; everything is released when `signal` fires. */
export function createViewport(win: Window, signal: AbortSignal): Viewport {
  const seen = new WeakSet<Element>();
  const reported = new WeakSet<Element>();
  const intersecting = new WeakSet<Element>();
  const watched = new WeakSet<Element>();
  /** onScreen callbacks waiting for their element. */
  const shown = new Map<Element, () => void>();
  const waiters = new Set<{ left: Set<Element>; done: () => void }>();
  const IO = (win as Window & { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
  // One observer for both questions (an item is usually its own slot: one observation, one callback).
  const io = typeof IO === 'function'
    ? new IO((entries) => {
      const due: (() => void)[] = [];
      for (const e of entries) {
        reported.add(e.target);
        if (e.isIntersecting) {
          seen.add(e.target);
          intersecting.add(e.target);
        } else intersecting.delete(e.target);
        const fn = e.isIntersecting ? shown.get(e.target) : undefined;
        if (!fn) continue;
        shown.delete(e.target);
        if (!watched.has(e.target)) io?.unobserve(e.target);
        due.push(fn);
      }
      for (const w of waiters) {
        for (const el of w.left) if (reported.has(el)) w.left.delete(el);
        if (!w.left.size) w.done();
      }
      for (const fn of due) fn();
    })
    : undefined;
  signal.addEventListener('abort', () => {
    io?.disconnect();
    shown.clear();
    for (const w of waiters) w.done();
  }, { once: true });
  return {
    wasSeen: (el) => seen.has(el) || !reported.has(el),
    watch: (els) => els.forEach((el) => {
      watched.add(el);
      io?.observe(el);
    }),
    settled(els) {
      const left = new Set(els.filter((el) => !reported.has(el)));
      if (!io || !left.size || signal.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        const w = { left, done: () => (waiters.delete(w), clearTimeout(timer), resolve()) };
        const timer = setTimeout(w.done, SETTLE_LIMIT_MS);
        waiters.add(w);
      });
    },
    unwatch: (els) => els.forEach((el) => {
      watched.delete(el);
      if (!shown.has(el)) io?.unobserve(el);
    }),
    onScreen(el, fn) {
      // No observer, or a watched element on screen now (its next report comes only when it leaves).
      if (!io || signal.aborted || (watched.has(el) && intersecting.has(el))) {
        fn();
        return () => undefined;
      }
      shown.set(el, fn);
      io.observe(el); // a no-op when it is already observed
      return () => {
        if (shown.get(el) !== fn) return;
        shown.delete(el);
        if (!watched.has(el)) io.unobserve(el);
      };
    },
  };
}
