import { describe, expect, it } from 'vitest';
import { applyOrder, staying } from '../../../src/dom/reorder';

/** `n` cards, each in its own <li>; `gapAt` positions get an ad <li> (a child that never moves) before them. */
function list(n: number, gapAt: readonly number[] = []): { container: HTMLElement; items: HTMLElement[] } {
  const container = document.createElement('ul');
  const items: HTMLElement[] = [];
  for (let i = 0; i < n; i++) {
    if (gapAt.includes(i)) container.append(Object.assign(document.createElement('li'), { className: 'ad' }));
    const li = document.createElement('li');
    const card = document.createElement('div');
    card.className = 'card';
    card.textContent = `item ${i}`;
    li.append(card);
    container.append(li);
    items.push(card);
  }
  document.body.replaceChildren(container);
  return { container, items };
}

/** Longest strictly increasing subsequence, the quadratic textbook way (independent of the code under test). */
function lisLength(a: readonly number[]): number {
  const best = a.map(() => 1);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < i; j++) if (a[j]! < a[i]! && best[j]! + 1 > best[i]!) best[i] = best[j]! + 1;
  return Math.max(0, ...best);
}

/** Elements the change inserted (one per moveBefore/insertBefore call). */
function countMoves(container: Element, change: () => void): number {
  const mo = new MutationObserver(() => undefined);
  mo.observe(container, { childList: true });
  change();
  const n = mo.takeRecords().reduce((s, r) => s + r.addedNodes.length, 0);
  mo.disconnect();
  return n;
}

/** Elements the change inserted (text and comments moved with them not counted). */
function countElementMoves(container: Element, change: () => void): number {
  const mo = new MutationObserver(() => undefined);
  mo.observe(container, { childList: true });
  change();
  const n = mo.takeRecords().reduce((s, r) => s + [...r.addedNodes].filter((a) => a.nodeType === Node.ELEMENT_NODE).length, 0);
  mo.disconnect();
  return n;
}

const texts = (c: Element) => [...c.querySelectorAll('.card')].map((e) => e.textContent);
const children = (c: Element) => [...c.childNodes].map((n) => ((n as Element).className === 'ad' ? 'ad' : n.textContent));

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
function shuffled(n: number, rnd: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('minimal DOM moves', () => {
  const cases: [string, number[]][] = [
    ['last to front', [5, 0, 1, 2, 3, 4]],
    ['first to back', [1, 2, 3, 4, 5, 0]],
    ['reversal', [5, 4, 3, 2, 1, 0]],
    ['pair swaps', [1, 0, 3, 2, 5, 4]],
    ['one raised to the middle', [0, 1, 5, 2, 3, 4]],
    ['identity', [0, 1, 2, 3, 4, 5]],
  ];
  it.each(cases)('%s: n − LIS moves, exact order, exact restore', (_name, order) => {
    const { container, items } = list(order.length);
    const nodes = [...container.childNodes];
    let applied!: ReturnType<typeof applyOrder>;
    const moves = countMoves(container, () => (applied = applyOrder({ id: 'l', container, items }, order)));
    expect(moves).toBe(order.length - lisLength(order));
    expect(texts(container)).toEqual(order.map((i) => `item ${i}`));
    // Undoing is a permutation too: its moves are minimal as well.
    const back = order.map((_, k) => order.indexOf(k));
    expect(countMoves(container, () => applied.restore())).toBe(order.length - lisLength(back));
    expect([...container.childNodes]).toEqual(nodes);
  });

  it('moves one element, not the list, when one item rises from the end', () => {
    const { container, items } = list(200);
    const order = [199, ...Array.from({ length: 199 }, (_, i) => i)];
    expect(countMoves(container, () => applyOrder({ id: 'l', container, items }, order))).toBe(1);
    expect(texts(container)).toEqual(order.map((i) => `item ${i}`));
  });

  it('never moves the children between items; a slot crosses them only by moving', () => {
    // item 0 | ad | items 1, 2, 3 | ad | item 4
    const { container, items } = list(5, [1, 4]);
    const order = [1, 0, 3, 2, 4];
    const moves = countMoves(container, () => applyOrder({ id: 'l', container, items }, order));
    expect(children(container)).toEqual(['item 1', 'ad', 'item 0', 'item 3', 'item 2', 'ad', 'item 4']);
    // items 1 and 0 cross the first ad (two moves); 3 and 2 swap within their run (one move); 4 stays.
    expect(moves).toBe(3);
  });

  it('whitespace text and comments between cards do not cost moves: each card keeps its own, undo is exact', () => {
    const rnd = seeded(11);
    for (let t = 0; t < 20; t++) {
      const order = shuffled(3 + Math.floor(rnd() * 30), rnd);
      const { container, items } = list(order.length);
      // Server-rendered markup: a newline (sometimes a comment too) after every card.
      for (const [i, el] of items.entries()) el.parentElement!.after(document.createTextNode(i % 2 ? '\n  ' : '\n'), ...(i % 5 === 0 ? [document.createComment(`c${i}`)] : []));
      container.prepend(document.createTextNode('\n'));
      const nodes = [...container.childNodes];
      const own = new Map(items.map((el) => [el.parentElement!, el.parentElement!.nextSibling]));
      let applied!: ReturnType<typeof applyOrder>;
      const elementMoves = countElementMoves(container, () => (applied = applyOrder({ id: 'l', container, items }, order)));
      expect(texts(container)).toEqual(order.map((i) => `item ${i}`));
      expect(elementMoves).toBe(order.length - lisLength(order));
      for (const [slot, next] of own) expect(slot.nextSibling).toBe(next);
      expect(container.firstChild).toBe(nodes[0]);
      applied.restore();
      expect([...container.childNodes]).toEqual(nodes);
    }
  });

  it('text that renders (a no-break space, a word) is not glue: it stays, and cards cross it by moving', () => {
    const { container, items } = list(3);
    items[0]!.parentElement!.after(document.createTextNode('\u00a0'));
    items[1]!.parentElement!.after(document.createTextNode(' or '));
    const nodes = [...container.childNodes];
    const applied = applyOrder({ id: 'l', container, items }, [1, 2, 0]);
    expect(children(container)).toEqual(['item 1', '\u00a0', 'item 2', ' or ', 'item 0']);
    applied.restore();
    expect([...container.childNodes]).toEqual(nodes);
  });

  it('random permutations: exact order and n − LIS moves (no other children)', () => {
    const rnd = seeded(42);
    for (let t = 0; t < 30; t++) {
      const order = shuffled(3 + Math.floor(rnd() * 40), rnd);
      const { container, items } = list(order.length);
      const moves = countMoves(container, () => applyOrder({ id: 'l', container, items }, order));
      expect(texts(container)).toEqual(order.map((i) => `item ${i}`));
      expect(moves).toBe(order.length - lisLength(order));
    }
  });

  it('staying marks a longest increasing subsequence, skipping negative entries', () => {
    const rnd = seeded(7);
    for (let t = 0; t < 50; t++) {
      const a = Array.from({ length: Math.floor(rnd() * 30) }, () => (rnd() < 0.2 ? -1 : Math.floor(rnd() * 50)));
      const marked = staying(a);
      const picked = a.filter((_, i) => marked[i]);
      expect(picked.every((v, i) => v >= 0 && (i === 0 || picked[i - 1]! < v))).toBe(true);
      expect(picked.length).toBe(lisLength(a.filter((v) => v >= 0)));
    }
  });
});
