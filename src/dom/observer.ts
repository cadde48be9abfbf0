/**
 * One shared, batched MutationObserver for the content script (after uBlock's domWatcher).
 *
 *   page mutations ──► records queue ──(one flush per burst: see taskThenFrame)──► interests
 *        ▲                                                     added elements → onAdded(selector)
 *        └── our own reorders run inside mute(): their records are dropped  containers → onChildren
 *
 * While someone waits for lists to appear, the document is watched (childList, subtree); once
 * lists are found the caller drops that interest and only the list containers are watched
 * (childList, no subtree). Everything ends when the AbortSignal fires.
 */

/** Schedules one flush; defaults to requestAnimationFrame, or a 0 ms timeout where there is none. */
export type Schedule = (flush: () => void) => () => void;

/** One frame at 60 Hz: flushes run at most about this often. */
const FRAME_MS = 16;

/**
 * Flush in a task right after the page's mutation burst (a MessageChannel message: it runs after
 * the page's task and the MutationObserver microtask, usually before the next paint), but at most
 * once per frame: a burst within FRAME_MS of the last flush waits for the next animation frame.
 * So a list the page appends is read, and often reordered, before it is first painted, while a
 * page that mutates all the time still costs one flush per frame. Never a timer loop: nothing is
 * scheduled while nothing changes.
 */
export function taskThenFrame(win: Window & typeof globalThis = window): Schedule {
  let last = -Infinity;
  const channel = typeof win.MessageChannel === 'function' ? new win.MessageChannel() : undefined;
  let queued: (() => void) | undefined;
  if (channel) channel.port1.onmessage = () => queued?.();
  return (flush) => {
    const run = () => {
      queued = undefined;
      last = win.performance.now();
      flush();
    };
    if (channel && win.performance.now() - last >= FRAME_MS) {
      queued = run;
      channel.port2.postMessage(null);
      return () => void (queued = undefined);
    }
    const id = win.requestAnimationFrame(run);
    return () => win.cancelAnimationFrame(id);
  };
}

export interface ObserverOptions {
  readonly signal: AbortSignal;
  /** What to watch while lists are searched for (default: the document of the content script). */
  readonly root?: Node;
  /** Conflicts (the page undid our order) after which `onConflictLimit` is called. Default 3. */
  readonly maxConflicts?: number;
  readonly onConflictLimit?: () => void;
  readonly schedule?: Schedule;
}

export interface BatchedObserver {
  /** Calls `cb` once per flush with the added elements that match or contain `selector`. */
  onAdded(selector: string, cb: (added: Element[]) => void): () => void;
  /**
   * Watches `container`'s child list; calls `cb` once per flush in which it changed, with the
   * elements the page added to it (still its children). With `isIntact` (our applied order), a
   * change that broke our order counts as a conflict; it is given the nodes the page removed
   * from the container in that flush (adding children never reorders the others: only a removal,
   * or a move, which is a removal and an addition, can break an order).
   */
  onChildren(container: Element, cb: (container: Element, conflict: boolean, added: Element[]) => void, isIntact?: (removed: readonly Node[]) => boolean): () => void;
  /** Calls `cb` after every flush (e.g. to notice lists the page removed). */
  onFlush(cb: () => void): () => void;
  /** Runs our own DOM change; its mutation records are discarded (the page's are kept). */
  mute(change: () => void): void;
  /** Conflicts counted so far. */
  readonly conflicts: number;
}

const defaultSchedule: Schedule = (flush) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(flush);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(flush, 0);
  return () => clearTimeout(id);
};

interface Watch {
  readonly cb: (container: Element, conflict: boolean, added: Element[]) => void;
  readonly isIntact: ((removed: readonly Node[]) => boolean) | undefined;
}

/** Creates the shared observer; it disconnects and forgets every callback when `signal` aborts. */
export function createObserver(opts: ObserverOptions): BatchedObserver {
  const root = opts.root ?? document;
  const schedule = opts.schedule ?? defaultSchedule;
  const added = new Map<string, Set<(els: Element[]) => void>>();
  const watched = new Map<Element, Watch>();
  const flushed = new Set<() => void>();
  let pending: MutationRecord[] = [];
  let cancel: (() => void) | undefined;
  let conflicts = 0;
  const mo = new MutationObserver((records) => queue(records));

  function queue(records: MutationRecord[]): void {
    if (opts.signal.aborted || records.length === 0) return;
    pending.push(...records);
    cancel ??= schedule(flush);
  }

  /** Depth of mute() calls running: while > 0 nothing is observed (the changes are ours). */
  let muting = 0;

  function observeAll(): void {
    if (opts.signal.aborted || muting > 0) return;
    if (added.size > 0) mo.observe(root, { childList: true, subtree: true });
    for (const c of watched.keys()) mo.observe(c, { childList: true });
  }

  function rewire(): void {
    // During a mute nothing is observed, so there is nothing to take; observation resumes, with the
    // new interests, when the outermost mute ends.
    if (muting === 0) queue(mo.takeRecords());
    mo.disconnect();
    observeAll();
  }

  function flush(): void {
    cancel = undefined;
    const records = pending;
    pending = [];
    if (opts.signal.aborted) return;
    if (added.size > 0) deliverAdded(records, added);
    const changed = new Map<Node, { added: Element[]; removed: Node[] }>();
    for (const r of records) {
      if (r.type !== 'childList' || !watched.has(r.target as Element)) continue;
      const c = changed.get(r.target) ?? { added: [], removed: [] };
      changed.set(r.target, c);
      for (const n of r.addedNodes) if (n.nodeType === 1) c.added.push(n as Element);
      for (const n of r.removedNodes) c.removed.push(n);
    }
    for (const [container, { added, removed }] of changed) {
      const w = watched.get(container as Element);
      if (!w) continue;
      const conflict = w.isIntact ? !w.isIntact(removed) : false;
      if (conflict && ++conflicts === (opts.maxConflicts ?? 3)) opts.onConflictLimit?.();
      // Added then removed again in the same burst, or moved elsewhere: not the container's now.
      w.cb(container as Element, conflict, [...new Set(added)].filter((el) => el.parentNode === container));
    }
    for (const cb of flushed) cb();
  }

  opts.signal.addEventListener('abort', () => {
    mo.disconnect();
    cancel?.();
    added.clear();
    watched.clear();
    flushed.clear();
    pending = [];
  }, { once: true });

  return {
    onAdded(selector, cb) {
      added.set(selector, (added.get(selector) ?? new Set()).add(cb));
      rewire();
      return () => {
        const set = added.get(selector);
        set?.delete(cb);
        if (set?.size === 0) added.delete(selector);
        rewire();
      };
    },
    onChildren(container, cb, isIntact) {
      watched.set(container, { cb, isIntact });
      rewire();
      return () => {
        if (watched.get(container)?.cb === cb) watched.delete(container);
        rewire();
      };
    },
    onFlush(cb) {
      flushed.add(cb);
      return () => void flushed.delete(cb);
    },
    mute(change) {
      // Not observing while we move the page's elements: the browser then makes no records of our
      // moves at all (cheaper than making them and throwing them away: the 2 MB Amazon capture's
      // reorder spent 0.65 ms in takeRecords alone). The page's records so far are kept.
      if (muting === 0) queue(mo.takeRecords());
      mo.disconnect();
      muting++;
      try {
        change();
      } finally {
        muting--;
        mo.takeRecords(); // nothing is observed inside; kept as a guard: anything recorded is ours
        observeAll();
      }
    },
    get conflicts() {
      return conflicts;
    },
  };
}

/** Hands each selector's callbacks the connected, outermost added elements that match or contain it. */
function deliverAdded(records: readonly MutationRecord[], interests: Map<string, Set<(els: Element[]) => void>>): void {
  const seen = new Set<Element>();
  for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && n.isConnected) seen.add(n as Element);
  const outer = [...seen].filter((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (seen.has(p)) return false;
    return true;
  });
  if (outer.length === 0) return;
  for (const [selector, cbs] of interests) {
    const hits = outer.filter((el) => el.matches(selector) || el.querySelector(selector) !== null);
    if (hits.length) for (const cb of cbs) cb(hits);
  }
}
