import type { FoundList, ListAdapter, PageItem } from './types';
import { absoluteUrl, cleanText, MAX_TITLE, pick, withFields } from './text';

/**
 * Generic adapter for sites without one: a list is at least MIN_CARDS sibling "cards" with the
 * same tag and class signature, each holding a link and a title, most with an image, making up
 * most of their parent. Conservative on purpose: when unsure it finds nothing and the page stays
 * as it was (menus, footers, tables of links and text-only link lists are not cards).
 */
export const MIN_CARDS = 4;
/** Share of the parent's element children the card group must make up. */
const MIN_SHARE = 0.6;
/** Share of cards that must carry an image: cards show products/videos, menus do not. */
const MIN_IMAGES = 0.75;
const MIN_TITLE = 8;
/** Mean title length of a card group: item titles are long, names in a review list or menu are not. */
const MIN_MEAN_TITLE = 20;
const MAX_LISTS = 8;
const NOT_CONTENT = 'nav, header, footer, form, select, table, [role="navigation"], [role="menu"], [role="menubar"], [role="tablist"], [aria-hidden="true"]';
const TITLE = ['[role="heading"]', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', '[class*="title" i]', '[class*="name" i]'];
const PRICE = ['[itemprop="price"]', '[class*="price" i]'];

// Tag and first class: the base class of a card; modifiers (--watch-at-corner, is-active …) vary.
function signature(el: Element): string {
  return el.tagName + '.' + (el.classList[0] ?? '');
}

/**
 * Links and titles read while finding lists, for the reading of the same cards right after (the
 * runner reads a list's items in the same task it found them). Dropped at the end of that task,
 * so a card the page changes later is read afresh.
 */
let memo: Map<Element, { link?: HTMLAnchorElement | null; title?: string }> | undefined;
function remembered(el: Element) {
  if (!memo) {
    memo = new Map();
    queueMicrotask(() => (memo = undefined));
  }
  let m = memo.get(el);
  if (!m) memo.set(el, (m = {}));
  return m;
}

function cardLink(el: Element): HTMLAnchorElement | null {
  const m = remembered(el);
  if (m.link === undefined) {
    m.link = el.matches('a[href]') ? (el as HTMLAnchorElement) : el.querySelector<HTMLAnchorElement>('a[href]:not([href^="#"]):not([href^="javascript:" i])');
  }
  return m.link;
}

function cardTitle(el: Element): string {
  const m = remembered(el);
  if (m.title === undefined) {
    const a = cardLink(el);
    const t = pick(el, TITLE)?.textContent || a?.getAttribute('title') || a?.textContent || el.querySelector('img[alt]')?.getAttribute('alt');
    m.title = cleanText(t, MAX_TITLE);
  }
  return m.title;
}

/** The card group among `parent`'s children, or undefined when it does not look like a list. */
function cardsOf(parent: Element): Element[] | undefined {
  const kids = [...parent.children];
  if (kids.length < MIN_CARDS) return undefined;
  const groups = new Map<string, Element[]>();
  for (const k of kids) {
    const sig = signature(k);
    const g = groups.get(sig);
    if (g) g.push(k);
    else groups.set(sig, [k]);
  }
  const best = [...groups.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  if (best.length < MIN_CARDS || best.length < kids.length * MIN_SHARE) return undefined;
  let titles = 0;
  for (const c of best) {
    const t = cardLink(c) ? cardTitle(c).length : 0; // each card's title read once
    if (t < MIN_TITLE) return undefined;
    titles += t;
  }
  if (titles < best.length * MIN_MEAN_TITLE) return undefined;
  const withImage = best.filter((c) => c.querySelector('img, picture, video')).length;
  const hrefs = new Set(best.map((c) => cardLink(c)?.getAttribute('href')));
  return withImage >= best.length * MIN_IMAGES && hrefs.size >= best.length * 0.8 ? best : undefined;
}

function findLists(root: ParentNode): FoundList[] {
  const out: FoundList[] = [];
  for (const parent of root.querySelectorAll('ul, ol, div, section')) {
    if (out.length >= MAX_LISTS) break;
    // Cheapest test first: most elements of a page have fewer children than a list has cards.
    if (parent.childElementCount < MIN_CARDS) continue;
    if (parent.closest(NOT_CONTENT) || out.some((l) => l.container.contains(parent))) continue;
    const items = cardsOf(parent);
    if (!items?.[0]) continue;
    // Cards appended later: a child with the group's signature and a link (each read once).
    const sig = signature(items[0]);
    const itemsAmong = (kids: readonly Element[]) => kids.filter((k) => k.parentElement === parent && signature(k) === sig && cardLink(k) !== null);
    out.push({ id: `cards-${out.length}`, kind: 'cards', container: parent, items, itemsAmong });
  }
  return out;
}

function readItem(el: Element, index: number, url: URL, detail = true): PageItem | undefined {
  const href = absoluteUrl(cardLink(el)?.getAttribute('href'), url);
  const title = cardTitle(el);
  if (!href || !title) return undefined;
  const id = href.split('#')[0] ?? href;
  return withFields<PageItem>({ id, title, url: href, position: index }, detail ? { price: cleanText(pick(el, PRICE)?.textContent) } : {});
}

/** The adapter used on sites the user switched on that have no adapter of their own. */
export const genericAdapter: ListAdapter = {
  id: 'generic',
  pageKind: () => 'other',
  findLists: (root) => findLists(root),
  readItem,
};
