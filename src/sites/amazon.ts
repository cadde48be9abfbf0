import type { PageItem, PageKind, SiteAdapter } from '../adapters/types';
import { findByRules, type ListRule } from '../adapters/lists';
import { absoluteUrl, cardItem, cleanText, MAX_TITLE, pick, textOf } from '../adapters/text';

// Sponsored results stay in their slots: moving paid placements is not ours to do.
// 2022: the result carries .AdHolder; 2019: a "Gesponsert" header inside the result.
const SPONSORED = '.AdHolder, .s-sponsored-header, .s-sponsored-list-header';

/** Lists, one rule per page variant, each proven by a capture in test/fixtures/amazon/. */
const LISTS: readonly ListRule[] = [
  // Search results, 2022 grid. Fixture: search_amazon-de_katzenfutter_2022.html (2022-12-16).
  { kind: 'search-results', container: '.s-main-slot', item: '[data-component-type="s-search-result"][data-asin]', skip: SPONSORED },
  // Search results, 2019 list: two <ul> per page (above/below the fold).
  // Fixture: search_amazon-de_plastikfrei-besteck_2019.html (2019-01-30).
  { kind: 'search-results', container: 'ul.s-result-list', item: 'li.s-result-item[data-asin]', skip: SPONSORED },
  // "Customers who bought/viewed this item also …" carousels: the Similarities feature only
  // (sponsored and video carousels are left alone). Fixtures: product_amazon-com_book_smile_2020.html
  // (<= 2020-06-11, #purchase-sims-feature) and product_amazon-com_metascraper.html
  // (<= 2019-12-10, #desktop-dp-sims_session-similarities-sims-feature).
  { kind: 'carousel', container: 'ol.a-carousel', item: 'li.a-carousel-card', within: '[id$="sims-feature"]' },
  // Best Sellers grid. Fixture: bestsellers_amazon-com_tools_2022.html (2022-11-28); every cell
  // carries the same id "gridItemRoot", hence the attribute selector.
  { kind: 'grid', container: '.p13n-gridRow', item: '[id="gridItemRoot"]' },
];

const LINK = ['h2 a[href]', 'a.s-access-detail-page[href]', 'a[href*="/dp/"]', 'a[href*="/gp/product/"]'];
// Title: search 2022/2019 heading, carousel 2019/2020 truncated line, bestseller line clamp, image alt.
const TITLE = ['h2', '.p13n-sc-truncate', '.p13n-sc-truncated', '[class*="p13n-sc-css-line-clamp"]', '.p13n-sc-line-clamp-2'];
const PRICE = ['.a-price .a-offscreen', '.s-price', '.p13n-sc-price', '.a-color-price'];
const RATING = ['i[class*="a-star"] .a-icon-alt'];
// Author / brand line under the title in carousels; absent on search cards.
const SELLER = ['.a-row.a-size-small > .a-size-small.a-color-base', '.a-size-small.a-link-child'];

const ASIN = /\/(?:dp|gp\/product)\/([A-Z0-9]{10})(?:[/?]|$)/;

function asinOf(el: Element, href: string): string {
  const own = el.getAttribute('data-asin') || el.querySelector('[data-asin]')?.getAttribute('data-asin');
  if (own && /^[A-Z0-9]{10}$/.test(own)) return own;
  return ASIN.exec(href)?.[1] ?? '';
}

function pageKind(url: URL): PageKind {
  const path = url.pathname;
  if (ASIN.test(path + '/')) return 'item';
  // /s?k=… (2022), /<slug>/s?…&rh=…k:… (2019), /s/ref=…?field-keywords=… (older)
  if (/(?:^|\/)s(?:\/|$)/.test(path) || url.searchParams.has('k') || url.searchParams.has('field-keywords')) return 'search';
  if (/\/(?:gp\/bestsellers|zgbs|gp\/new-releases|Best-Sellers)/.test(path)) return 'listing';
  if (path === '/' || path === '') return 'home';
  return 'other';
}

function readItem(el: Element, index: number, url: URL, detail = true): PageItem | undefined {
  const href = absoluteUrl(pick(el, LINK)?.getAttribute('href'), url);
  const id = asinOf(el, href);
  const title = textOf(el, TITLE, MAX_TITLE) || cleanText(el.querySelector('img[alt]')?.getAttribute('alt'), MAX_TITLE);
  return cardItem(id, title, href, index, detail ? { price: textOf(el, PRICE), rating: textOf(el, RATING), seller: textOf(el, SELLER) } : {});
}

export const site: SiteAdapter = {
  id: 'amazon',
  name: 'Amazon',
  matches: [
    '*://*.amazon.com/*', '*://*.amazon.co.uk/*', '*://*.amazon.de/*', '*://*.amazon.fr/*',
    '*://*.amazon.it/*', '*://*.amazon.es/*', '*://*.amazon.ca/*', '*://*.amazon.co.jp/*',
    '*://*.amazon.in/*', '*://*.amazon.com.au/*', '*://*.amazon.nl/*', '*://*.amazon.com.mx/*',
  ],
  // Product pages: /dp/<ASIN>, /<slug>/dp/<ASIN>, /gp/product/<ASIN>.
  itemPages: [/\/dp\/[A-Z0-9]{10}/, /\/gp\/product\/[A-Z0-9]{10}/],
  searchParams: ['k', 'field-keywords'],
  pageKind,
  findLists: (root) => findByRules(root, LISTS),
  readItem,
};
