import { addBadge, removeBadges } from '../dom/badges';
import type { BatchedObserver } from '../dom/observer';
import { applyOrder } from '../dom/reorder';
import type { AppliedOrder } from '../dom/reorder';
import type { ListRanking, PageReport, RankItem } from '../messaging/protocol';
import type { FoundList, ListAdapter, PageItem } from './types';

/** Badges per batch at most: they explain what the user sees first; thousands would only be noise. */
const MAX_BADGES = 50;

export type RankFn = (lists: { id: string; items: RankItem[] }[]) => Promise<{ lists: ListRanking[]; badges: boolean }>;

/** One list on the page that we ranked: each applied batch (first paint, then appends) can be undone. */
export class RankedList {
  readonly batches: AppliedOrder[] = [];
  readonly ranked = new Set<Element>();
  /** Items in a batch still waiting for the background: not offered to another batch meanwhile. */
  readonly pending = new Set<Element>();
  readonly report: PageReport['lists'][number];
  readonly moves: PageReport['moves'] = [];

  constructor(readonly list: FoundList) {
    this.report = { id: list.id, kind: list.kind, items: 0, moved: 0, method: 'platform', coldStart: true };
  }

  /**
   * Rank `items` (all of the list the first time, appended ones after) as their own batch. The
   * answer is discarded when the list changed while we waited (stale): the next flush re-reads it.
   */
  /** Resolves false when the answer was stale and discarded (the caller scans again). */
  async rankBatch(items: Element[], adapter: ListAdapter, url: URL, rank: RankFn, obs: BatchedObserver, onDismiss: (p: PageItem) => void): Promise<boolean> {
    const offset = this.ranked.size;
    const read = items.map((el, i) => adapter.readItem(el, offset + i, url));
    const payload = read.map((p) => (p ? { title: p.title, itemId: p.id, ...(p.url ? { url: p.url } : {}) } : { title: '' }));
    items.forEach((el) => this.pending.add(el));
    let answer: Awaited<ReturnType<RankFn>>;
    try {
      answer = await rank([{ id: this.list.id, items: payload }]);
    } finally {
      items.forEach((el) => this.pending.delete(el));
    }
    const r = answer.lists[0];
    if (!r || !this.list.container.isConnected || items.some((el) => !el.isConnected || this.ranked.has(el))) return false;
    items.forEach((el) => this.ranked.add(el));
    const applied = applyOrder({ id: this.list.id, container: this.list.container, items }, r.order, obs.mute);
    this.batches.push(applied);
    Object.assign(this.report, { items: this.ranked.size, moved: this.report.moved + applied.moved, method: r.method, coldStart: r.coldStart });
    let badges = 0;
    r.order.forEach((from, to) => {
      if (from === to) return;
      const reasons = r.reasons[from] ?? [];
      const item = read[from];
      const direction = to < from ? 'up' : 'down';
      if (this.moves.length < 200) this.moves.push({ title: item?.title ?? '', from: offset + from, to: offset + to, reason: reasons[0]?.text ?? '' });
      const slot = applied.slots[to];
      if (answer.badges && slot && item && reasons.length && badges++ < MAX_BADGES) obs.mute(() => addBadge(slot, direction, reasons, () => onDismiss(item)));
    });
    return true;
  }

  /** Items of the list neither ranked nor waiting in a batch. */
  fresh(items: readonly Element[]): Element[] {
    return items.filter((el) => !this.ranked.has(el) && !this.pending.has(el));
  }

  /** True while every batch still shows our order. */
  isIntact(): boolean {
    return this.batches.every((b) => b.isIntact());
  }

  /** Badges off, then the batches undone newest first: the page's own DOM, exactly. */
  restore(obs: BatchedObserver): void {
    obs.mute(() => removeBadges(this.list.container));
    for (const b of [...this.batches].reverse()) b.restore(obs.mute);
    this.batches.length = 0;
    this.ranked.clear();
  }
}
