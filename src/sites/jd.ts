import type { PageItem, PageKind, SiteAdapter } from '../adapters/types';
import { findByRules, type ListRule } from '../adapters/lists';
import { absoluteUrl, cardItem, MAX_TITLE, pick, textOf } from '../adapters/text';

/**
 * Lists, one rule per page variant, each proven by a capture in test/fixtures/jd/.
 * Unsupported until a capture proves them (not guessed): the current (post-2016) search markup,
 * and item-page recommendations. The 2016 search page's side column ("商品精选", "精品推荐") is
 * empty in the capture: JD fills it by script.
 */
const LISTS: readonly ListRule[] = [
  // Search results, 2016 markup: li.gl-item[data-sku] in ul.gl-warp. Activity banners are
  // li.gl-item without data-sku ("特惠" ads) and stay where they are.
  // Fixture: search_jd_sony-headphones_2016.html (2016-09-21).
  { kind: 'search-results', container: 'ul.gl-warp', item: 'li.gl-item[data-sku]' },
];

const LINK = ['.p-name a[href]', '.p-img a[href]', 'a[href*="item.jd."]'];
// The name link's title attribute is the full name; its text holds highlight <font>s and a promo <i>.
const TITLE = ['.p-name a[title]', '.p-name em', '.p-name'];
const PRICE = ['.p-price strong', '.p-price'];
// "已有5.8万+人评价": the review count, the only rating the card shows.
const RATING = ['.p-commit strong', '.p-commit'];
const SELLER = ['.p-shop a', '.p-shop'];

const SKU = /\/(\d+)\.html/;

function pageKind(url: URL): PageKind {
  if (url.hostname.startsWith('item.') && SKU.test(url.pathname)) return 'item';
  if (url.hostname.startsWith('search.') || url.searchParams.has('keyword')) return 'search';
  if (url.pathname === '/' || url.pathname === '') return 'home';
  return 'other';
}

function readItem(el: Element, index: number, url: URL, detail = true): PageItem | undefined {
  const href = absoluteUrl(pick(el, LINK)?.getAttribute('href'), url);
  const own = el.getAttribute('data-sku') ?? '';
  const id = /^\d+$/.test(own) ? own : (SKU.exec(href)?.[1] ?? '');
  const title = textOf(el, TITLE, MAX_TITLE);
  return cardItem(id, title, href, index, detail ? { price: textOf(el, PRICE), rating: textOf(el, RATING), seller: textOf(el, SELLER) } : {});
}

export const site: SiteAdapter = {
  id: 'jd',
  name: 'JD',
  matches: ['*://*.jd.com/*', '*://*.jd.hk/*'],
  // item.jd.com/<sku>.html
  itemPages: [/^\/\d+\.html/],
  searchParams: ['keyword'],
  pageKind,
  findLists: (root) => findByRules(root, LISTS),
  readItem,
};
