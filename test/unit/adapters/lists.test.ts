import { describe, expect, it } from 'vitest';
import { findByRules, itemsIn, MIN_ITEMS, queryAll, selectorParts } from '../../../src/adapters/lists';
import type { ListRule } from '../../../src/adapters/lists';
import { slotOf } from '../../../src/dom/slots';

function doc(body: string): Document {
  const d = document.implementation.createHTMLDocument('t');
  d.body.innerHTML = body;
  return d;
}

/** The plain definition: one page query per rule, per-item closest/querySelector checks. */
function plainItems(container: Element, rule: ListRule): Element[] {
  const outer = [...container.querySelectorAll(rule.item)].filter((el) => {
    const enclosing = el.parentElement?.closest(rule.item);
    return !enclosing || !container.contains(enclosing);
  });
  const bySlot = new Map<Element, Element[]>();
  for (const el of outer) {
    if (rule.skip && (el.matches(rule.skip) || el.querySelector(rule.skip))) continue;
    const slot = slotOf(container, el);
    if (slot) bySlot.set(slot, [...(bySlot.get(slot) ?? []), el]);
  }
  return [...bySlot.values()].filter((g) => g.length === 1).map((g) => g[0]!);
}
function plainFind(root: ParentNode, rules: readonly ListRule[]) {
  const used = new Set<Element>();
  const counts = new Map<string, number>();
  const out: { id: string; container: Element; items: Element[] }[] = [];
  for (const rule of rules) {
    for (const container of root.querySelectorAll(rule.container)) {
      if (used.has(container) || (rule.within && !container.closest(rule.within))) continue;
      const items = plainItems(container, rule);
      if (items.length < MIN_ITEMS) continue;
      used.add(container);
      const n = counts.get(rule.kind) ?? 0;
      counts.set(rule.kind, n + 1);
      out.push({ id: `${rule.kind}-${n}`, container, items });
    }
  }
  return out;
}

const RULES: ListRule[] = [
  { kind: 'search-results', container: '.results', item: '.card', skip: '.ad' },
  // A second rule that also matches .results.wide: the first rule claims it.
  { kind: 'grid', container: '.wide, .grid', item: '.cell' },
  { kind: 'carousel', container: 'ol.strip', item: 'li', within: '[id$="sims"]' },
];

const PAGE = `
  <ol class="strip"><li>a</li><li>b</li><li>c</li></ol>
  <div id="x-sims"><ol class="strip"><li>d</li><li>e</li></ol></div>
  <div class="grid"><p class="cell">1</p><p class="cell">2</p><p class="cell"><span class="cell">nested</span></p></div>
  <section class="results wide">
    <div class="card">one</div>
    <div class="card ad">paid, the card itself</div>
    <div><div class="card"><b class="ad">paid, inside</b></div></div>
    <div class="ad"><div class="card">inside an ad wrapper: not skipped</div></div>
    <div class="card">two<div class="card">nested card: the outer one counts</div></div>
    <div><div class="card">shares</div><div class="card">a slot</div></div>
    <div class="card cell">three</div>
  </section>
  <div class="grid"><p class="cell">only one</p></div>`;

describe('findByRules and itemsIn (selector lists queried part by part)', () => {
  it('finds the same lists and items as one query per rule with per-item checks', () => {
    const d = doc(PAGE);
    const fast = findByRules(d, RULES).map((l) => ({ id: l.id, container: l.container, items: l.items }));
    const plain = plainFind(d, RULES);
    expect(fast).toEqual(plain);
    // What that is, spelled out: the carousel outside a sims feature is not a list; .results is
    // claimed by the first rule; the grid with one cell is too short.
    expect(fast.map((l) => l.id)).toEqual(['search-results-0', 'grid-0', 'carousel-0']);
    expect(fast[0]!.items.map((e) => e.firstChild?.textContent)).toEqual(['one', 'inside an ad wrapper: not skipped', 'two', 'three']);
  });

  it('reads appended children with the same skip and nesting rules', () => {
    const d = doc(PAGE);
    const [list] = findByRules(d, RULES);
    const c = list!.container;
    const add = (html: string) => {
      const t = d.createElement('template');
      t.innerHTML = html;
      const kids = [...t.content.children];
      c.append(...kids);
      return kids;
    };
    const kids = add('<div class="card">new</div><div class="card"><i class="ad">x</i></div><div><div class="card">wrapped<div class="card">in</div></div></div>');
    const among = list!.itemsAmong!(kids);
    expect(among).toEqual(plainItems(c, RULES[0]!).filter((el) => kids.some((k) => k.contains(el))));
    expect(among.map((e) => e.firstChild?.textContent)).toEqual(['new', 'wrapped']);
    expect(itemsIn(c, RULES[0]!)).toEqual(plainItems(c, RULES[0]!));
  });

  it('no rules: no lists', () => {
    expect(findByRules(doc(PAGE), [])).toEqual([]);
  });

  it('splits a selector list at top-level commas only', () => {
    expect(selectorParts('.a, ul.b > li ,ol')).toEqual(['.a', 'ul.b > li', 'ol']);
    expect(selectorParts(':is(.a, .b) p, [title="x, y"], [data-k=\'1,2\']')).toEqual([':is(.a, .b) p', '[title="x, y"]', "[data-k='1,2']"]);
    expect(selectorParts('a\\,b')).toEqual(['a\\,b']);
    expect(selectorParts('.one')).toEqual(['.one']);
  });

  it('queryAll returns what querySelectorAll does: each element once, in document order', () => {
    const d = doc(PAGE);
    for (const sel of ['.card, .cell, li', 'li, .cell, .card', '.ad, .card .ad, div.ad', '.strip, [id$="sims"] li', '.none, .card', '.nothing']) {
      expect(queryAll(d, sel), sel).toEqual([...d.querySelectorAll(sel)]);
    }
  });
});

describe('rules by kind of page', () => {
  it('looks only for the rules meant for the page at hand; without a page kind, for all', () => {
    const d = doc(`<div class="grid"><p class="cell">1</p><p class="cell">2</p></div><ol class="strip"><li>a</li><li>b</li></ol>`);
    const rules: ListRule[] = [
      { kind: 'grid', container: '.grid', item: '.cell', on: ['home', 'other'] },
      { kind: 'up-next', container: 'ol.strip', item: 'li', on: ['item'] },
    ];
    expect(findByRules(d, rules, 'item').map((l) => l.id)).toEqual(['up-next-0']);
    expect(findByRules(d, rules, 'home').map((l) => l.id)).toEqual(['grid-0']);
    expect(findByRules(d, rules, 'search')).toEqual([]);
    expect(findByRules(d, rules).map((l) => l.id)).toEqual(['grid-0', 'up-next-0']);
  });
});

describe('generic adapter: titles read while finding lists', () => {
  it('are reused for the reading in the same task and read afresh after it (a card the page changed)', async () => {
    const { genericAdapter } = await import('../../../src/adapters/generic');
    const cards = Array.from({ length: 5 }, (_, i) => `<li class="card"><a href="/p/${i}"><img src="/i/${i}.jpg" alt=""><h3>Hand-thrown stoneware mug no. ${i}</h3></a></li>`);
    const d = doc(`<ul class="grid">${cards.join('')}</ul>`);
    const url = new URL('https://shop.example.org/c/mugs');
    const [list] = genericAdapter.findLists(d, url);
    expect(genericAdapter.readItem(list!.items[0]!, 0, url)?.title).toBe('Hand-thrown stoneware mug no. 0');
    await Promise.resolve();
    list!.items[0]!.querySelector('h3')!.textContent = 'Renamed by the page after a while';
    expect(genericAdapter.readItem(list!.items[0]!, 0, url)).toMatchObject({ title: 'Renamed by the page after a while', id: 'https://shop.example.org/p/0' });
  });
});
