/*
 * The content script's ranking loop.
 *
 *   page DOM ──► adapter.findLists ──► read items ──► page.rank (background) ──► applyOrder + badges
 *      ▲                                                                              │
 *      └── one batched observer (flushed per animation frame): new lists, appended    │
 *          items (ranked as their own batch), re-renders (re-applied; after repeated  │
 *          conflicts we restore and stop), SPA navigations (restore, then rescan) ◄───┘
 *
 * Every change is undone on toggle-off, "show original order", navigation or invalidation.
 */
import { onUrlChange } from '../dom/navigation';
import { createObserver } from '../dom/observer';
import type { EventReport, PageReport } from '../messaging/protocol';
import { RankedList } from './list-ranker';
import type { RankFn } from './list-ranker';
import type { FoundList, ListAdapter } from './types';

export interface RunnerDeps {
  adapter: ListAdapter | undefined;
  site: string;
  rank: RankFn;
  record: (e: EventReport) => void;
  report: (r: PageReport) => void;
  signal: AbortSignal;
  win?: Window;
}

export interface Runner {
  /** Put the site's own order back (true) or rank again (false). */
  showOriginal(original: boolean): void;
}

export function startRunner(d: RunnerDeps): Runner {
  const win = d.win ?? window;
  const doc = win.document;
  const lists = new Map<Element, RankedList>();
  let original = false;
  let stopped = false;
  const obs = createObserver({ signal: d.signal, maxConflicts: 3, onConflictLimit: () => stop(true) });
  const url = () => new URL(win.location.href);

  const sendReport = () => {
    const all = [...lists.values()];
    d.report({
      url: win.location.href, site: d.site, recognised: all.length > 0 || !d.adapter ? all.length > 0 : false,
      lists: all.map((l) => l.report), moves: all.flatMap((l) => l.moves).slice(0, 100), restored: original || stopped, time: Date.now(),
    });
  };
  const dismiss = (p: { title: string; url: string; id: string }) => d.record({ kind: 'dismiss', url: p.url || win.location.href, title: p.title, itemId: p.id });

  async function rankNew(rl: RankedList, items: Element[]): Promise<void> {
    if (!items.length || original || stopped || !d.adapter) return;
    await rl.rankBatch(items, d.adapter, url(), d.rank, obs, dismiss).catch(() => undefined);
    sendReport();
  }

  function scan(): void {
    if (original || stopped || !d.adapter) return;
    let found: FoundList[];
    try {
      found = d.adapter.findLists(doc, url());
    } catch {
      found = [];
    }
    for (const list of found) {
      const known = lists.get(list.container);
      if (known) {
        void rankNew(known, list.items.filter((el) => !known.ranked.has(el)));
        continue;
      }
      const rl = new RankedList(list);
      lists.set(list.container, rl);
      obs.onChildren(list.container, (_c, conflict) => {
        if (conflict) {
          rl.restore(obs); // the site re-rendered: take ours back, then rank what is there now
          lists.delete(list.container);
        }
        schedule();
      }, () => rl.isIntact());
      void rankNew(rl, [...list.items]);
    }
    sendReport();
  }

  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    win.requestAnimationFrame(() => ((queued = false), scan()));
  };

  function restoreAll(): void {
    for (const rl of lists.values()) rl.restore(obs);
    lists.clear();
  }
  function stop(conflicts: boolean): void {
    stopped = conflicts;
    restoreAll();
    sendReport();
  }

  // Clicks on ranked items go to history with the adapter's reading of the item (id, title).
  doc.addEventListener('click', (ev) => {
    const t = ev.target as Element | null;
    if (!t?.closest || !d.adapter) return;
    for (const rl of lists.values()) {
      const i = rl.list.items.findIndex((el) => el.contains(t));
      const item = i >= 0 ? d.adapter.readItem(rl.list.items[i]!, i, url()) : undefined;
      if (item) return d.record({ kind: 'click', url: item.url || win.location.href, title: item.title, itemId: item.id });
    }
  }, { capture: true, passive: true, signal: d.signal });
  d.signal.addEventListener('abort', restoreAll, { once: true });
  obs.onAdded('a[href]', schedule);
  onUrlChange(d.signal, () => {
    restoreAll();
    schedule();
  }, win);
  scan();

  return {
    showOriginal(o) {
      original = o;
      if (o) restoreAll();
      else schedule();
      sendReport();
    },
  };
}
