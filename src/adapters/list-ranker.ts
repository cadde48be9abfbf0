import { addBadge, removeBadges } from '../dom/badges';
import type { BatchedObserver } from '../dom/observer';
import { applyOrder, FROM_ATTR, MOVED_ATTR } from '../dom/reorder';
import type { AppliedOrder } from '../dom/reorder';
import type { Viewport } from '../dom/viewport';
import type { ListRanking, ListReport, MoveReason, PageReport, RankItem } from '../messaging/protocol';
import type { FoundList, ListAdapter, PageItem } from './types';

/** Badges per batch at most: they explain what the user sees first; thousands would only be noise. */
const MAX_BADGES = 50;

/** `first`: an order needing no new model work; `final`: the best order (may wait for the model). */
export type RankStage = 'first' | 'final';
export type RankFn = (
  lists: { id: string; items: RankItem[]; ticket?: number }[],
  stage: RankStage,
  signal: AbortSignal,
) => Promise<{ lists: ListRanking[]; badges: boolean }>;

/** What a batch needs from the runner. */
export interface BatchContext {
  adapter: ListAdapter;
  url: URL;
  rank: RankFn;
  obs: BatchedObserver;
  view: Viewport;
  onDismiss(p: PageItem): void;
  /** A refinement changed the page after the first order (the runner sends its report again). */
  onRefined(): void;
  now?: () => number;
}

/** One applied batch (first paint, then each append): its items, their reading and our order. */
interface Batch {
  readonly offset: number;
  readonly items: readonly Element[];
  readonly read: readonly (PageItem | undefined)[];
  applied: AppliedOrder;
  order: number[];
  reasons: MoveReason[][];
}

/**
 * The refined order with every seen item kept where it is: seen positions hold their item, and
 * the other items fill the remaining positions in the order of `wanted`.
 */
export function pinSeen(shown: readonly number[], wanted: readonly number[], seen: (i: number) => boolean): number[] {
  const pinned = new Set(shown.filter((i) => seen(i)));
  const rest = wanted.filter((i) => !pinned.has(i));
  let j = 0;
  return shown.map((i) => (pinned.has(i) ? i : (rest[j++] as number)));
}

/** Undo the refinement, then the first order. */
function composed(first: AppliedOrder, second: AppliedOrder, moved: number): AppliedOrder {
  return {
    container: second.container, slots: second.slots, moved,
    isIntact: () => second.isIntact(),
    restore(mute) {
      second.restore(mute);
      first.restore(mute);
    },
  };
}

/** One list on the page that we ranked: each applied batch (first paint, then appends) can be undone. */
export class RankedList {
  private readonly batches: Batch[] = [];
  readonly ranked = new Set<Element>();
  /** Items in a batch still waiting for the background: not offered to another batch meanwhile. */
  readonly pending = new Set<Element>();
  /** Model work under way for this list (cancelled when the list leaves the page). */
  private readonly work = new Set<AbortController>();
  /** Every slot of every applied batch: a removal that touches none of them leaves our order intact. */
  private readonly slots = new Set<Node>();
  /** Each ranked item element's reading, made once when its batch was read (clicks use it). */
  private readonly readings = new WeakMap<Element, PageItem>();
  /** Badges waiting for their slot to come on screen: cancel functions by slot. */
  private readonly waitingBadges = new Map<Element, () => void>();
  private badges = true;
  readonly report: ListReport;

  constructor(readonly list: FoundList) {
    this.report = { id: list.id, kind: list.kind, items: 0, moved: 0, method: 'platform', coldStart: true, refined: 0, refinedSeen: 0 };
  }

  /** Moves of every batch, for the popup (capped). */
  get moves(): PageReport['moves'] {
    const out: PageReport['moves'] = [];
    for (const b of this.batches) {
      for (let to = 0; to < b.order.length && out.length < 200; to++) {
        const from = b.order[to]!;
        if (from !== to) out.push({ title: b.read[from]?.title ?? '', from: b.offset + from, to: b.offset + to, reason: b.reasons[from]?.[0]?.text ?? '' });
      }
      if (out.length >= 200) break;
    }
    return out;
  }

  /** The ranked item that `el` is or lies in, as it was read when ranked (walks up to the container). */
  itemAt(el: Element): PageItem | undefined {
    for (let n: Element | null = el; n && n !== this.list.container; n = n.parentElement) {
      const item = this.readings.get(n);
      if (item) return item;
    }
    return undefined;
  }

  /** True while model work for this list is under way. */
  get busy(): boolean {
    return this.work.size > 0;
  }

  /**
   * Rank `items` (all of the list the first time, appended ones after) as their own batch: the first
   * order at once, then, when the background says a better one follows, a refinement that moves only
   * items the user has not seen. Resolves false when the answer was stale and discarded (the list
   * changed while we waited: the caller scans again); the refinement goes on after it resolves.
   */
  async rankBatch(items: Element[], ctx: BatchContext): Promise<boolean> {
    const now = ctx.now ?? (() => performance.now());
    const t0 = now();
    const offset = this.ranked.size;
    // Only id, title and URL: nothing here uses the secondary fields (they are for the fixtures' readings).
    const read = items.map((el, i) => ctx.adapter.readItem(el, offset + i, ctx.url, false));
    // Only what the background ranks with: the title and the site's id (the URL is not used there).
    const payload = read.map((p) => (p ? { title: p.title, itemId: p.id } : { title: '' }));
    const request = [{ id: this.list.id, items: payload }];
    const work = new AbortController();
    this.work.add(work);
    items.forEach((el) => this.pending.add(el));
    let answer: Awaited<ReturnType<RankFn>>;
    try {
      answer = await ctx.rank(request, 'first', work.signal);
    } catch (e) {
      this.work.delete(work);
      throw e;
    } finally {
      items.forEach((el) => this.pending.delete(el));
    }
    const r = answer.lists[0];
    if (!r || work.signal.aborted || !this.list.container.isConnected || items.some((el) => !el.isConnected || this.ranked.has(el))) {
      this.work.delete(work);
      return false;
    }
    items.forEach((el, i) => {
      this.ranked.add(el);
      const item = read[i];
      if (item) this.readings.set(el, item);
    });
    const applied = applyOrder({ id: this.list.id, container: this.list.container, items }, r.order, ctx.obs.mute);
    for (const slot of applied.slots) this.slots.add(slot);
    const batch: Batch = { offset, items, read, applied, order: [...r.order], reasons: r.reasons };
    this.batches.push(batch);
    this.badges = answer.badges;
    this.decorate(batch, ctx);
    const first = this.report.firstMs === undefined;
    Object.assign(this.report, { items: this.ranked.size, moved: this.report.moved + applied.moved, method: r.method, coldStart: r.coldStart });
    if (first) {
      this.report.firstMs = now() - t0;
      if (r.ms !== undefined) this.report.rankMs = r.ms;
    }
    ctx.view.watch(items);
    if (r.final) {
      if (first) this.report.finalMs = now() - t0;
      this.work.delete(work);
    } else void this.refine(batch, request, r.ticket, work, ctx, first ? t0 : undefined);
    return true;
  }

  /** Ask for the final order and apply it below what the user has seen; never throws. */
  private async refine(batch: Batch, request: Parameters<RankFn>[0], ticket: number | undefined, work: AbortController, ctx: BatchContext, t0: number | undefined): Promise<void> {
    const now = ctx.now ?? (() => performance.now());
    try {
      // The background kept the items under the ticket; only if it forgot them are they sent again.
      const short = ticket === undefined ? request : request.map((l) => ({ id: l.id, items: [], ticket }));
      let f = (await ctx.rank(short, 'final', work.signal)).lists[0];
      if (f?.expired) f = (await ctx.rank(request, 'final', work.signal)).lists[0];
      await ctx.view.settled(batch.items);
      if (!f || work.signal.aborted || !this.batches.includes(batch) || !batch.applied.isIntact() || batch.items.some((el) => !el.isConnected)) return;
      const seen = (i: number) => ctx.view.wasSeen(batch.items[i]!);
      const next = pinSeen(batch.order, f.order, seen);
      const changed = next.flatMap((i, k) => (i !== batch.order[k] ? [i] : []));
      if (changed.length) {
        const second = applyOrder({ id: this.list.id, container: this.list.container, items: batch.items }, next, ctx.obs.mute);
        const moved = next.filter((i, k) => i !== k).length;
        ctx.obs.mute(() => second.slots.forEach((slot, k) => {
          const from = next[k]!;
          if (from === batch.order[k]) return; // same item as in the first order: its badge still says why
          this.dropWaitingBadge(slot);
          removeBadges(slot);
          // Markers say where each item was in the page's order, not in our first order.
          if (from === k) {
            slot.removeAttribute(MOVED_ATTR);
            slot.removeAttribute(FROM_ATTR);
          } else {
            slot.setAttribute(MOVED_ATTR, k < from ? 'up' : 'down');
            slot.setAttribute(FROM_ATTR, String(from));
          }
        }));
        this.report.moved += moved - batch.applied.moved;
        const was = batch.order;
        batch.applied = composed(batch.applied, second, moved);
        batch.order = next;
        // Reasons of the final ranking for the items the refinement moved; the others keep theirs.
        batch.reasons = batch.reasons.map((r, i) => (next.indexOf(i) !== was.indexOf(i) ? (f.reasons[i] ?? []) : r));
        this.decorate(batch, ctx, (k) => next[k] !== was[k]);
      }
      Object.assign(this.report, {
        method: f.method, coldStart: f.coldStart, ...(f.llm ? { llm: true } : {}),
        refined: (this.report.refined ?? 0) + changed.length,
        refinedSeen: (this.report.refinedSeen ?? 0) + changed.filter(seen).length,
      });
      if (t0 !== undefined) this.report.finalMs = now() - t0;
      ctx.onRefined();
    } catch {
      /* the first order stays */
    } finally {
      this.work.delete(work);
    }
  }

  /**
   * Badges on the moved items of a batch (at positions `where` picks), with their reasons (text
   * only). Each is built when its item first comes on screen: the reorder's task builds none, and
   * items never scrolled to cost nothing (a long list has most of its moved items below the fold).
   */
  private decorate(b: Batch, ctx: BatchContext, where: (to: number) => boolean = () => true): void {
    if (!this.badges) return;
    let n = 0;
    b.order.forEach((from, to) => {
      const reasons = b.reasons[from] ?? [];
      const item = b.read[from];
      const slot = b.applied.slots[to];
      if (from === to || !slot || !item || !reasons.length || n++ >= MAX_BADGES || !where(to)) return;
      this.dropWaitingBadge(slot);
      let added = false;
      const add = () => {
        added = true;
        this.waitingBadges.delete(slot);
        ctx.obs.mute(() => addBadge(slot, to < from ? 'up' : 'down', reasons, () => ctx.onDismiss(item)));
      };
      const stop = ctx.view.onScreen(slot, add);
      if (!added) this.waitingBadges.set(slot, stop);
    });
  }

  /** Forget the badge `slot` waits for, if any (the item is not shown with that reason any more). */
  private dropWaitingBadge(slot: Element): void {
    this.waitingBadges.get(slot)?.();
    this.waitingBadges.delete(slot);
  }

  /** Items of the list neither ranked nor waiting in a batch. */
  fresh(items: readonly Element[]): Element[] {
    return items.filter((el) => !this.ranked.has(el) && !this.pending.has(el));
  }

  /**
   * True while every batch still shows our order. Given the nodes the page removed since the last
   * check, a change that removed none of our slots cannot have broken it (additions never reorder
   * the other children): O(removed), so an append costs nothing here. Otherwise one pass over the
   * container's children for all batches together.
   */
  isIntact(removed?: readonly Node[]): boolean {
    if (removed && !removed.some((n) => this.slots.has(n))) return true;
    if (this.batches.length <= 1) return this.batches.every((b) => b.applied.isIntact());
    // Each slot's batch and place in it; each batch's slots must appear in its order (batches may
    // interleave with each other).
    const at = new Map<Element, [batch: number, place: number]>();
    this.batches.forEach((b, k) => b.applied.slots.forEach((slot, i) => at.set(slot, [k, i])));
    const next = this.batches.map(() => 0);
    let seen = 0;
    for (const child of this.list.container.children) {
      const p = at.get(child);
      if (!p) continue;
      if (p[1] !== next[p[0]]) return false;
      next[p[0]]!++;
      seen++;
    }
    return seen === at.size;
  }

  /** Drop the model work still under way for this list, and the badges still waiting to be shown. */
  cancel(): void {
    for (const w of this.work) w.abort();
    this.work.clear();
    for (const stop of this.waitingBadges.values()) stop();
    this.waitingBadges.clear();
  }

  /** Work cancelled, badges off, then the batches undone newest first: the page's own DOM, exactly. */
  restore(obs: BatchedObserver, view?: Viewport): void {
    this.cancel();
    obs.mute(() => removeBadges(this.list.container));
    for (const b of [...this.batches].reverse()) {
      b.applied.restore(obs.mute);
      view?.unwatch(b.items);
    }
    this.batches.length = 0;
    this.ranked.clear();
    this.slots.clear();
  }
}
