import type { PageItem, PageKind, SiteAdapter } from '../adapters/types';
import { findByRules, type ListRule } from '../adapters/lists';
import { absoluteUrl, cardItem, cleanText, MAX_TITLE, pick, textOf } from '../adapters/text';

/**
 * Lists, one rule per page variant, each proven by a capture in test/fixtures/etsy/.
 * Search results and the listing page's "you may also like" have no capture yet: unsupported,
 * not guessed.
 */
const LISTS: readonly ListRule[] = [
  // Listing page, "more from this shop": a listing-card grid inside the Listzilla module that Etsy's
  // own analytics name the block by. Fixture: listing_etsy_metascraper.html (<= 2022-02-14).
  {
    kind: 'grid',
    container: 'ul.responsive-listing-grid',
    item: '.v2-listing-card[data-listing-id]',
    within: '[data-appears-component-name^="Listzilla_"]',
  },
];

const LINK = ['a.listing-link[href]', 'a[href*="/listing/"]'];
const TITLE = ['.v2-listing-card__title', 'h3'];
// "49,79 €": value and symbol are separate spans, in the order the locale writes them.
const PRICE = ['.n-listing-card__price .recs-listing-grid-price', '.n-listing-card__price', '.lc-price'];

const LISTING = /\/listing\/(\d+)/;

function pageKind(url: URL): PageKind {
  const path = url.pathname;
  if (LISTING.test(path)) return 'item';
  // /search?q=…, /<locale>/search?q=…
  if (/(?:^|\/)search(?:\/|$)/.test(path) || url.searchParams.has('q')) return 'search';
  if (/^\/(?:[a-z]{2}(?:-[a-z]{2})?\/?)?$/.test(path)) return 'home';
  return 'other';
}

function readItem(el: Element, index: number, url: URL, detail = true): PageItem | undefined {
  const href = absoluteUrl(pick(el, LINK)?.getAttribute('href'), url);
  const id = el.getAttribute('data-listing-id') || (LISTING.exec(href)?.[1] ?? '');
  const title = textOf(el, TITLE, MAX_TITLE) || cleanText(el.querySelector('img[alt]')?.getAttribute('alt'), MAX_TITLE);
  return cardItem(/^\d+$/.test(id) ? id : '', title, href, index, detail ? { price: textOf(el, PRICE) } : {});
}

export const site: SiteAdapter = {
  id: 'etsy',
  name: 'Etsy',
  matches: ['*://*.etsy.com/*'],
  itemPages: [/^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?listing\/\d+/],
  searchParams: ['q'],
  pageKind,
  findLists: (root) => findByRules(root, LISTS),
  readItem,
};
