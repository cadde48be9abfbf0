/**
 * What the user has seen of a list, so that a refined order never moves an item under their eyes
 * (progressive ranking: the first order is applied at once, a better one may follow).
 *
 * An item counts as seen once any part of it was inside the viewport: one IntersectionObserver
 * notes it as the user scrolls (no polling), and a synchronous rectangle check covers the moments
 * before its first callback.
 */
export interface Viewport {
  /** Inside the viewport now (one layout read). */
  isVisible(el: Element): boolean;
  /** Seen now or at any time since `watch`. */
  wasSeen(el: Element): boolean;
  watch(els: readonly Element[]): void;
  unwatch(els: readonly Element[]): void;
}

/** The real viewport of `win`; everything is released when `signal` fires. */
export function createViewport(win: Window, signal: AbortSignal): Viewport {
  const seen = new WeakSet<Element>();
  const IO = (win as Window & { IntersectionObserver?: typeof IntersectionObserver }).IntersectionObserver;
  const io = typeof IO === 'function'
    ? new IO((entries) => {
      for (const e of entries) if (e.isIntersecting) seen.add(e.target);
    })
    : undefined;
  signal.addEventListener('abort', () => io?.disconnect(), { once: true });
  const isVisible = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    return r.bottom > 0 && r.right > 0 && r.top < win.innerHeight && r.left < win.innerWidth;
  };
  return {
    isVisible,
    wasSeen: (el) => seen.has(el) || (isVisible(el) && (seen.add(el), true)),
    watch: (els) => els.forEach((el) => io?.observe(el)),
    unwatch: (els) => els.forEach((el) => io?.unobserve(el)),
  };
}
