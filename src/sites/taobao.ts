import type { PageItem, PageKind, SiteAdapter } from '../adapters/types';
import { findByRules, type ListRule } from '../adapters/lists';
import { absoluteUrl, cardItem, cleanText, MAX_TITLE, pick, textOf } from '../adapters/text';

/**
 * Lists, one rule per page variant, each proven by a capture in test/fixtures/taobao/.
 * Search results are unsupported: the only capture (s.taobao.com, 2016-09) is the server's page,
 * whose results live in a script (g_page_config) and are rendered by it; no result markup is
 * captured to prove selectors. The item page's "看了又看" / "买了又买" blocks are empty in the
 * capture (filled by script), so only the block below is proven.
 */
const LISTS: readonly ListRule[] = [
  // Item page, "邻家好货" recommendations: a carousel of panels of four; each panel's <ul> is a list
  // (items cannot move between panels without moving the panels). Fixture:
  // item_taobao_keyboard-case_2020.html (2020-07-08).
  { kind: 'carousel', container: '.slide-pannel > ul', item: '.item', within: '#detail-recommend-linjiahaohuo' },
];

const LINK = ['.desc a[href]', 'a[href*="item.htm"]'];
const TITLE = ['.desc a', '.desc'];
// "¥34.00": the current price; .old-price is the struck-through one.
const PRICE = ['.tuijian-light', '.tuijian-price'];

/** Item id of an item.taobao.com / detail.tmall.com item URL (?id=…); '' for other links. */
export function taobaoId(href: string): string {
  if (!href) return '';
  const u = new URL(href);
  const id = u.searchParams.get('id') ?? '';
  return u.pathname.endsWith('/item.htm') && /^\d+$/.test(id) ? id : '';
}

function pageKind(url: URL): PageKind {
  if (url.pathname.endsWith('/item.htm') && url.searchParams.has('id')) return 'item';
  if (url.hostname.startsWith('s.') || url.hostname.startsWith('list.') || url.pathname.startsWith('/search')) return 'search';
  if (url.pathname === '/' || url.pathname === '') return 'home';
  return 'other';
}

function readItem(el: Element, index: number, url: URL, detail = true): PageItem | undefined {
  const href = absoluteUrl(pick(el, LINK)?.getAttribute('href'), url);
  const id = taobaoId(href);
  const title = textOf(el, TITLE, MAX_TITLE) || cleanText(el.querySelector('img[title]')?.getAttribute('title'), MAX_TITLE);
  return cardItem(id, title, href, index, detail ? { price: textOf(el, PRICE) } : {});
}

export const site: SiteAdapter = {
  id: 'taobao',
  name: 'Taobao / Tmall',
  matches: ['*://*.taobao.com/*', '*://*.tmall.com/*'],
  // item.taobao.com/item.htm?id=…, detail.tmall.com/item.htm?id=…
  itemPages: [/^\/item\.htm\?(?:.*&)?id=\d+/],
  searchParams: ['q'],
  pageKind,
  findLists: (root) => findByRules(root, LISTS),
  readItem,
};
