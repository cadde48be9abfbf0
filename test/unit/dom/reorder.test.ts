import { describe, expect, it, vi } from 'vitest';
import { applyOrder, FROM_ATTR, LIST_ATTR, MOVED_ATTR } from '../../../src/dom/reorder';

/** A container with items wrapped in <li> slots, interleaved with non-item children. */
function page(n: number, extras = true): { container: HTMLElement; items: HTMLElement[] } {
  const container = document.createElement('ul');
  const items: HTMLElement[] = [];
  for (let i = 0; i < n; i++) {
    if (extras && i % 3 === 1) container.append(document.createTextNode('\n'), Object.assign(document.createElement('li'), { className: 'ad' }));
    const li = document.createElement('li');
    const card = document.createElement('div');
    card.className = 'card';
    card.textContent = `item ${i}`;
    li.append(card);
    container.append(li);
    items.push(card);
  }
  container.append(Object.assign(document.createElement('li'), { className: 'spinner' }));
  document.body.append(container);
  return { container, items };
}

const reversed = (n: number) => Array.from({ length: n }, (_, i) => n - 1 - i);
const texts = (c: Element) => [...c.querySelectorAll('.card')].map((e) => e.textContent);

describe('applyOrder / restore', () => {
  it('moves items into the slots items held; other children stay where they were, whitespace after a slot moves with it', () => {
    const { container, items } = page(6);
    const fixed = [...container.children].map((n, i) => [n, i] as const).filter(([n]) => !n.querySelector('.card'));
    const glue = new Map(items.map((el) => [el.parentElement!, el.parentElement!.nextSibling]));
    applyOrder({ id: 'l', container, items }, [2, 0, 1, 5, 4, 3]);
    expect(texts(container)).toEqual(['item 2', 'item 0', 'item 1', 'item 5', 'item 4', 'item 3']);
    for (const [n, i] of fixed) expect(container.children[i]).toBe(n);
    for (const [slot, next] of glue) if (next?.nodeType === Node.TEXT_NODE) expect(slot.nextSibling).toBe(next);
  });

  it('marks moved slots and the container, and restore removes every marker and gives back the same nodes', () => {
    const { container, items } = page(5);
    const nodes = [...container.childNodes];
    const html = container.innerHTML;
    const applied = applyOrder({ id: 'up-next-0', container, items }, reversed(5));
    expect(container.getAttribute(LIST_ATTR)).toBe('up-next-0');
    const first = container.querySelector('li:has(.card)') ?? items[4]!.parentElement!;
    expect(first.getAttribute(MOVED_ATTR)).toBe('up');
    expect(first.getAttribute(FROM_ATTR)).toBe('4');
    expect(applied.moved).toBe(4);
    applied.restore();
    applied.restore();
    expect([...container.childNodes]).toEqual(nodes);
    expect([...container.childNodes].every((n, i) => n === nodes[i])).toBe(true);
    expect(container.innerHTML).toBe(html);
  });

  it('never clones: listeners and framework-like state on elements stay attached', () => {
    const { container, items } = page(4);
    const clicked = vi.fn();
    items[0]!.addEventListener('click', clicked);
    (items[0] as HTMLElement & { __data?: object }).__data = { id: 'x' };
    applyOrder({ id: 'l', container, items }, [3, 2, 1, 0]);
    const moved = container.querySelectorAll('.card')[3] as HTMLElement & { __data?: object };
    expect(moved).toBe(items[0]);
    moved.click();
    expect(clicked).toHaveBeenCalledOnce();
    expect(moved.__data).toEqual({ id: 'x' });
  });

  it('leaves hostile titles as text: nothing we write contains page text', () => {
    const { container, items } = page(4, false);
    items[1]!.textContent = '<img src=x onerror=alert(1)><script>alert(2)</script>\u202e' + 'x'.repeat(10_000);
    applyOrder({ id: 'l', container, items }, [1, 0, 3, 2]);
    expect(container.querySelector('img, script')).toBeNull();
    for (const el of container.querySelectorAll('*')) {
      for (const a of el.getAttributeNames().filter((n) => n.startsWith('data-localrank'))) expect(el.getAttribute(a)).toMatch(/^(up|down|\d+|l)$/);
    }
  });

  it('does not touch the DOM for the identity order', () => {
    const { container, items } = page(5);
    const observer = new MutationObserver(() => undefined);
    observer.observe(container, { childList: true });
    const applied = applyOrder({ id: 'l', container, items }, [0, 1, 2, 3, 4]);
    expect(observer.takeRecords()).toEqual([]);
    expect(applied.moved).toBe(0);
  });

  it('refuses orders that are not permutations, and items sharing a slot', () => {
    const { container, items } = page(3);
    for (const bad of [[0, 1], [0, 0, 1], [0, 1, 3], [0, 1, -1], [0, 1, 1.5]]) expect(() => applyOrder({ id: 'l', container, items }, bad)).toThrow(RangeError);
    const twin = document.createElement('div');
    items[0]!.parentElement!.append(twin);
    expect(() => applyOrder({ id: 'l', container, items: [items[0]!, twin, items[1]!] }, [2, 1, 0])).toThrow(RangeError);
  });

  it('reports when the page undid our order, and restore then puts back what is left', () => {
    const { container, items } = page(4, false);
    const applied = applyOrder({ id: 'l', container, items }, reversed(4));
    container.prepend(items[3]!.parentElement!); // the page re-sorts one item
    expect(applied.isIntact()).toBe(true);
    container.append(items[3]!.parentElement!);
    expect(applied.isIntact()).toBe(false);
    items[2]!.parentElement!.remove();
    applied.restore();
    expect(texts(container)).toEqual(['item 0', 'item 1', 'item 3']);
  });

  // Speed is measured by `npm run bench` in a real browser, never asserted here (noisy machines).
  it('orders and restores 5,000 items', () => {
    const { container, items } = page(5000);
    const applied = applyOrder({ id: 'l', container, items }, reversed(5000));
    expect(texts(container)[0]).toBe('item 4999');
    applied.restore();
    expect(texts(container)[4999]).toBe('item 4999');
  }, 60_000);
});
