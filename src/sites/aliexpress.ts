import type { PageItem, PageKind, SiteAdapter } from '../adapters/types';
import { findByRules, type ListRule } from '../adapters/lists';
import { absoluteUrl, cleanText, MAX_TITLE } from '../adapters/text';

/**
 * Lists, one rule per page variant, each proven by a capture in test/fixtures/aliexpress/.
 * Not supported, and why:
 * - the item page's "top selling" sidebar (.top-sell .recommend-item, 2020 capture) has no item
 *   titles in its markup (only image, price, sold count, rating; the image alt is the constant
 *   "recommend item image"), so its items cannot be read and it is not offered as a list;
 * - search results: no capture.
 */
const LISTS: readonly ListRule[] = [
  // Item page, "related searches" (חיפושים קשורים): groups of search links (wholesale, popular,
  // price …), one list per group; the group's heading stays first. The block appears twice in the
  // page. Fixture: item_aliexpress-he_iphone-se_2020.html (2020-07-08).
  { kind: 'grid', container: '.cross-link [data-spm] > div', item: 'a.width-fix-link[href]' },
];

const ITEM = /\/item\/(?:[\w-]+\/)?(\d+)\.html/;

function pageKind(url: URL): PageKind {
  if (ITEM.test(url.pathname)) return 'item';
  // /wholesale?SearchText=…, /w/wholesale-<words>.html
  if (url.pathname.startsWith('/wholesale') || url.pathname.startsWith('/w/') || url.searchParams.has('SearchText')) return 'search';
  if (url.pathname === '/' || url.pathname === '') return 'home';
  return 'other';
}

/** Product id for item links; the link's URL without query for other links (searches). */
function idOf(href: string): string {
  return ITEM.exec(href)?.[1] ?? href.split(/[?#]/)[0] ?? '';
}

function readItem(el: Element, index: number, url: URL): PageItem | undefined {
  // A related-search item is the link itself; item cards would hold one.
  const link = el.matches('a[href]') ? el : el.querySelector('a[href]');
  const href = absoluteUrl(link?.getAttribute('href'), url);
  const id = href ? idOf(href) : '';
  const title = cleanText(el.getAttribute('title') || el.textContent, MAX_TITLE);
  if (!id || !title) return undefined;
  return { id, title, url: href, position: index };
}

export const site: SiteAdapter = {
  id: 'aliexpress',
  name: 'AliExpress',
  matches: ['*://*.aliexpress.com/*', '*://*.aliexpress.us/*'],
  itemPages: [/^\/item\/(?:[\w-]+\/)?\d+\.html/],
  searchParams: ['SearchText'],
  pageKind,
  findLists: (root) => findByRules(root, LISTS),
  readItem,
};
