/** A page with one list of cards and an adapter for it: shared by the content-script runner tests. */
import type { FoundList, ListAdapter } from '../../../src/adapters/types';

/** A page with one list of cards, as a site would render it. */
export function page(n: number, title = (i: number) => `Item ${i}`): HTMLElement {
  const ul = document.createElement('ul');
  ul.id = 'list';
  for (let i = 0; i < n; i++) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `https://shop.test/p/${i}`;
    a.textContent = title(i);
    li.append(a);
    ul.append(li);
  }
  document.body.replaceChildren(ul);
  return ul;
}

export const adapter: ListAdapter = {
  id: 'test',
  pageKind: () => 'other',
  findLists: (root): FoundList[] => {
    const c = (root as Document).getElementById('list');
    return c ? [{ id: 'cards-0', kind: 'cards', container: c, items: [...c.children] }] : [];
  },
  readItem: (el, i) => {
    const a = el.querySelector('a');
    return a ? { id: a.getAttribute('href') ?? String(i), title: a.textContent ?? '', url: a.href, position: i } : undefined;
  },
};
