/**
 * Infinite scroll: cards the page appends to a ranked list are read once each (only the added
 * children are looked at), ranked as their own batch, and the page's own order comes back exactly.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RankFn } from '../../../src/adapters/list-ranker';
import { startRunner } from '../../../src/adapters/runner';
import type { FoundList, ListAdapter } from '../../../src/adapters/types';
import type { PageReport } from '../../../src/messaging/protocol';
import { adapter as base, page } from './list-page';

/** Each list answered reversed (batch by batch), with a reason for every item. */
const reversed: RankFn = async (lists) => ({
  badges: true,
  lists: lists.map((l) => ({
    id: l.id, method: 'lexical', coldStart: false, strength: 1, final: true,
    order: l.items.map((_, i) => l.items.length - 1 - i),
    reasons: l.items.map((it) => [{ direction: 'up' as const, kind: 'similar-to', text: `similar to “${it.title}”` }]),
  })),
});

/** The list-page adapter, counting its readings, with `itemsAmong` for appended children. */
function counting() {
  const reads = new Map<Element, number>();
  const among: Element[][] = [];
  const adapter: ListAdapter = {
    ...base,
    findLists: (root, url): FoundList[] => base.findLists(root, url).map((l) => ({
      ...l,
      itemsAmong: (kids) => {
        among.push([...kids]);
        return kids.filter((k) => k.querySelector('a'));
      },
    })),
    readItem: (el, i, url) => {
      reads.set(el, (reads.get(el) ?? 0) + 1);
      return base.readItem(el, i, url);
    },
  };
  return { adapter, reads, among };
}

function card(i: number): HTMLLIElement {
  const li = document.createElement('li');
  li.innerHTML = `<a href="https://shop.test/p/${i}">Item ${i}</a>`;
  return li;
}

const settle = () => new Promise((r) => setTimeout(r, 40));
const texts = (ul: Element) => [...ul.querySelectorAll('a')].map((a) => a.textContent);
/** Each batch of `size` reversed in place: what `reversed` does to a list grown batch by batch. */
const batchesReversed = (sizes: number[]) => {
  const out: string[] = [];
  let start = 0;
  for (const n of sizes) {
    for (let i = start + n - 1; i >= start; i--) out.push(`Item ${i}`);
    start += n;
  }
  return out;
};

let controller = new AbortController();
afterEach(() => controller.abort());

function run(adapter: ListAdapter, rank: RankFn = reversed) {
  controller = new AbortController();
  const reports: PageReport[] = [];
  const record = vi.fn();
  const runner = startRunner({ adapter, site: 'generic:shop.test', rank, record, report: async (r) => void reports.push(r), signal: controller.signal, reportDelayMs: 0 });
  return { runner, reports, record };
}

describe('appended cards (infinite scroll)', () => {
  it('reads each card once, looks only at the added children, and orders each batch exactly', async () => {
    const ul = page(4);
    const pageOrder = [...ul.children];
    const { adapter, reads, among } = counting();
    const { runner, record } = run(adapter);
    await settle();
    let next = 4;
    for (const size of [3, 5, 2]) {
      const added = Array.from({ length: size }, () => card(next++));
      pageOrder.push(...added);
      ul.append(...added);
      await settle();
      // The runner asked about exactly the children just added, nothing it had read before.
      expect(among.at(-1)).toEqual(added);
    }
    expect(texts(ul)).toEqual(batchesReversed([4, 3, 5, 2]));
    expect(reads.size).toBe(14);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    // A click on an appended card is recorded with the reading made when it was ranked (no new read).
    ul.querySelector('a[href$="/p/12"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(record).toHaveBeenCalledWith(expect.objectContaining({ kind: 'click', title: 'Item 12', itemId: 'https://shop.test/p/12' }));
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect(runner.report().lists[0]?.items).toBe(14);
    await runner.showOriginal(true);
    expect([...ul.children]).toEqual(pageOrder);
  });

  it('a non-item child the page removes between appended batches: every batch keeps our order, nothing is ranked again', async () => {
    const ul = page(4);
    const { adapter } = counting();
    run(adapter);
    await settle();
    const note = ul.appendChild(document.createElement('p')); // not an item
    ul.append(card(4), card(5), card(6));
    await settle();
    expect(texts(ul)).toEqual(batchesReversed([4, 3]));
    note.remove();
    await settle();
    await settle();
    expect(texts(ul)).toEqual(batchesReversed([4, 3]));
  });

  it('a ranked card the page removes or replaces between appends: our order is undone and the list ranked again as it now is', async () => {
    const ul = page(4);
    const { adapter } = counting();
    const { runner } = run(adapter);
    await settle();
    ul.append(card(4), card(5), card(6));
    await settle();
    expect(texts(ul)).toEqual(batchesReversed([4, 3]));
    // The page replaces "Item 5" with a new card in the same place, then appends more.
    const five = ul.querySelector('a[href$="/p/5"]')!.parentElement!;
    five.replaceWith(card(50));
    await settle();
    await settle();
    const now = [...ul.querySelectorAll('a')].map((a) => a.textContent);
    expect(now).toHaveLength(7);
    expect(now).not.toContain('Item 5');
    // Restored to the page's own order, then ranked again as one list: the page's order reversed.
    await runner.showOriginal(true);
    const original = texts(ul);
    expect(original).toEqual(['Item 0', 'Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 50', 'Item 6']);
    await runner.showOriginal(false);
    expect(texts(ul)).toEqual([...original].reverse());
  });

  it('an appended card removed while its batch waits for the background: the answer is dropped and the rest ranked', async () => {
    const ul = page(3);
    const { adapter } = counting();
    let hold: (() => void) | undefined;
    const gate: RankFn = (lists, stage, signal) => {
      if (lists[0]!.items[0]?.title !== 'Item 3' || hold) return reversed(lists, stage, signal);
      return new Promise((resolve) => (hold = () => void reversed(lists, stage, signal).then(resolve)));
    };
    run(adapter, gate);
    await settle();
    expect(texts(ul)).toEqual(['Item 2', 'Item 1', 'Item 0']);
    const added = [card(3), card(4), card(5)];
    ul.append(...added);
    await settle();
    added[1]!.remove(); // the page drops a card before our answer comes
    await settle();
    hold?.();
    await settle();
    await settle();
    // Item 4 is gone; 3 and 5 were ranked again as a batch of their own, after the first three.
    expect(texts(ul)).toEqual(['Item 2', 'Item 1', 'Item 0', 'Item 5', 'Item 3']);
  });
});
