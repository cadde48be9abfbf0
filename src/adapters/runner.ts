/*
 * The content script's ranking loop.
 *
 *   page DOM ──► adapter.findLists ──► read items ──► page.rank first ──► applyOrder + badges
 *      ▲                                   (cached vectors or words: no model wait)   │
 *      │                                   page.rank final (when vectors were missing)│
 *      │                                   ──► refine, moving only items not yet seen │
 *      └── one batched observer (flushed in a task after each burst, at most once per │
 *          frame): new lists (read in that flush), appended items (only the added     │
 *          children are read, ranked as their own batch), re-renders (re-applied;     │
 *          after repeated conflicts we restore and stop), SPA navigations (restore,   │
 *          then rescan), lists removed from the page (queued model work cancelled) ◄──┘
 *
 * Every change is undone on toggle-off, "show original order", navigation or invalidation.
 */
import { onUrlChange } from '../dom/navigation';
import { createObserver, taskThenFrame } from '../dom/observer';
import { createViewport } from '../dom/viewport';
import type { Viewport } from '../dom/viewport';
import type { EventReport, PageReport } from '../messaging/protocol';
import { RankedList } from './list-ranker';
import type { RankFn } from './list-ranker';
import type { FoundList, ListAdapter } from './types';

export interface RunnerDeps {
  adapter: ListAdapter | undefined;
  site: string;
  rank: RankFn;
  record: (e: EventReport) => void;
  report: (r: PageReport) => Promise<unknown>;
  signal: AbortSignal;
  win?: Window;
  /** What the user has seen (default: the window's viewport). */
  view?: Viewport;
  /** Reports after ranking are coalesced over this many ms (default 1000): one message per burst. */
  reportDelayMs?: number;
}

export interface Runner {
  /**
   * Put the site's own order back (true) or rank again (false); resolves with the new report.
   * The report is not pushed as well: whoever asked gets it in the answer (the background keeps it).
   */
  showOriginal(original: boolean): Promise<PageReport>;
  /** What the runner did on this page so far (the popup asks; pushed reports are coalesced). */
  report(): PageReport;
}

export function startRunner(d: RunnerDeps): Runner {
  const win = d.win ?? window;
  const doc = win.document;
  const lists = new Map<Element, RankedList>();
  let original = false;
  let stopped = false;
  /** The adapter found lists on this page view (sticky: kept while the original order is shown). */
  let recognised = false;
  const obs = createObserver({ signal: d.signal, maxConflicts: 3, onConflictLimit: () => stop(), schedule: taskThenFrame(win as Window & typeof globalThis) });
  // The page's URL, parsed again only when it changed (every scan and batch asks for it).
  let parsed: URL | undefined;
  let parsedFrom = '';
  const url = () => {
    const href = win.location.href;
    if (!parsed || parsedFrom !== href) [parsed, parsedFrom] = [new URL(href), href];
    return parsed;
  };
  const view = d.view ?? createViewport(win, d.signal);

  const current = (): PageReport => {
    const all = [...lists.values()];
    return {
      url: win.location.href, site: d.site, recognised, restored: original || stopped, time: Date.now(),
      lists: all.map((l) => l.report), moves: all.flatMap((l) => l.moves).slice(0, 100),
    };
  };
  const sendReport = async (): Promise<PageReport> => {
    const report = current();
    await d.report(report);
    return report;
  };
  // Every list ranked, appended batch and refinement changes the report; sending each (a message
  // with every list and move, serialised on the page's main thread) costs more than the ranking.
  // The popup asks the runner itself (current to the moment); the pushed copy feeds site health
  // and the popup when the page cannot answer, so one push per second of activity is enough, and
  // one when the page is hidden (closed, switched away from) so the last word is not lost.
  let reportTimer: ReturnType<typeof setTimeout> | undefined;
  const reportSoon = () => {
    reportTimer ??= setTimeout(() => {
      reportTimer = undefined;
      if (!d.signal.aborted) void sendReport();
    }, d.reportDelayMs ?? 1000);
  };
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState !== 'hidden' || reportTimer === undefined) return;
    clearTimeout(reportTimer);
    reportTimer = undefined;
    void sendReport();
  }, { signal: d.signal });
  d.signal.addEventListener('abort', () => clearTimeout(reportTimer), { once: true });
  const dismiss = (p: { title: string; url: string; id: string }) => d.record({ kind: 'dismiss', url: p.url || win.location.href, title: p.title, itemId: p.id });

  async function rankNew(rl: RankedList, items: Element[]): Promise<void> {
    if (!items.length || original || stopped || !d.adapter) return;
    const ctx = { adapter: d.adapter, url: url(), rank: d.rank, obs, view, onDismiss: dismiss, onRefined: reportSoon };
    const applied = await rl.rankBatch(items, ctx).catch(() => true);
    if (!applied) schedule(); // the list changed under us: read it again
    reportSoon();
  }

  /** Stop watching a list's container (each watched one is re-observed whenever another is added). */
  const unwatch = new Map<Element, () => void>();
  function forget(c: Element): void {
    unwatch.get(c)?.();
    unwatch.delete(c);
    lists.delete(c);
  }

  function watch(rl: RankedList): void {
    unwatch.get(rl.list.container)?.();
    unwatch.set(rl.list.container, obs.onChildren(rl.list.container, (_c, conflict, added) => {
      if (conflict) {
        rl.restore(obs, view); // the site re-rendered the list: take ours back, then rank what is there now
        forget(rl.list.container);
        return schedule();
      }
      void rescan(rl, added);
    }, (removed) => rl.isIntact(removed)));
  }

  /**
   * Cards appended to a list we ranked: only the children the page added are read, when the list
   * can say which of them are items (itemsAmong); else that list alone is read again.
   */
  function rescan(rl: RankedList, added: readonly Element[]): Promise<void> {
    if (original || stopped || !d.adapter) return Promise.resolve();
    let items: readonly Element[] | undefined;
    const c = rl.list.container;
    try {
      items = rl.list.itemsAmong
        ? (added.length ? rl.list.itemsAmong(added) : [])
        : d.adapter.findLists(c.parentElement ?? doc, url()).find((l) => l.container === c)?.items;
    } catch {
      items = undefined;
    }
    return items?.length ? rankNew(rl, rl.fresh(items)) : Promise.resolve();
  }

  /** Find lists and rank what is new; resolves when every batch started here is applied. */
  function scan(): Promise<unknown> {
    if (original || stopped || !d.adapter) return Promise.resolve();
    let found: FoundList[];
    try {
      found = d.adapter.findLists(doc, url());
    } catch {
      found = [];
    }
    recognised ||= found.length > 0;
    const work = found.map((list) => {
      const known = lists.get(list.container);
      if (known) return rankNew(known, known.fresh(list.items));
      const rl = new RankedList(list);
      lists.set(list.container, rl);
      watch(rl);
      return rankNew(rl, [...list.items]);
    });
    if (!work.length) reportSoon();
    return Promise.all(work);
  }

  // A rescan after a frame (navigation, a conflict, a stale answer: let the page finish first).
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    win.requestAnimationFrame(() => ((queued = false), void scan()));
  };
  // New lists: scanned at the end of the observer's flush that saw them (no second frame's wait).
  let lookForLists = false;

  function restoreAll(): void {
    for (const rl of lists.values()) rl.restore(obs, view);
    for (const c of [...lists.keys()]) forget(c);
  }
  function stop(): void {
    stopped = true; // the page keeps undoing our order: give it back its own and stop fighting
    restoreAll();
    void sendReport();
  }

  // Clicks on ranked items go to history with the adapter's reading of the item (id, title).
  doc.addEventListener('click', (ev) => {
    const t = ev.target as Element | null;
    if (!t?.closest || !d.adapter) return;
    for (const rl of lists.values()) {
      // The adapter's reading of the item, made when it was ranked (appended cards included).
      const item = rl.list.container.contains(t) ? rl.itemAt(t) : undefined;
      if (item) return d.record({ kind: 'click', url: item.url || win.location.href, title: item.title, itemId: item.id });
    }
  }, { capture: true, passive: true, signal: d.signal });
  d.signal.addEventListener('abort', restoreAll, { once: true });
  // New lists anywhere; cards appended inside a list we ranked are seen by that list's own watch.
  obs.onAdded('a[href]', (added) => {
    if (added.some((el) => ![...lists.keys()].some((c) => c.contains(el)))) lookForLists = true;
  });
  // A list the page removed: drop the model work still queued for it, and forget it. Then look
  // for the new lists this flush saw, in the same task.
  obs.onFlush(() => {
    for (const [c, rl] of lists) {
      if (c.isConnected) continue;
      rl.cancel();
      forget(c);
    }
    if (lookForLists) {
      lookForLists = false;
      void scan();
    }
  });
  onUrlChange(d.signal, () => {
    restoreAll();
    recognised = false;
    schedule();
  }, win);
  void scan();

  return {
    report: current,
    async showOriginal(o) {
      original = o;
      if (o) restoreAll();
      else await scan();
      return current();
    },
  };
}
