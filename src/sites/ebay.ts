import type { PageItem, PageKind, SiteAdapter } from '../adapters/types';
import { findByRules, type ListRule } from '../adapters/lists';
import { absoluteUrl, cardItem, cleanText, MAX_TITLE, pick, textOf, textWithout } from '../adapters/text';

/**
 * Lists, one rule per page variant, each proven by a capture in test/fixtures/ebay/.
 * Item pages ("similar items", "people also viewed") have no capture yet: unsupported, not guessed.
 */
const LISTS: readonly ListRule[] = [
  // Search results, 2022 "river". Fixture: search_ebay-de_apple_2022.html (2022-11-28). Answer
  // blocks between results (carousels, related searches) are other children and keep their place;
  // a carousel's items share its slot, so they are never taken for results.
  { kind: 'search-results', container: 'ul.srp-results', item: 'li.s-item' },
  // The item carousel inside the results (here "Refurbished"): each card sits in its own snap-point
  // <li> of the carousel's list. Same fixture.
  { kind: 'carousel', container: '.srp-items-carousel ul.carousel__list', item: 'li.s-item' },
];

// Sponsored results are not skipped: since 2022 every card carries an obfuscated "Anzeige" label
// that CSS shows or hides, so the markup does not say which results are paid.
const LINK = ['a.s-item__link[href]', 'a[href*="/itm/"]'];
// "Neues Angebot" / "New listing" is a highlighted span inside the title heading.
const TITLE = ['.s-item__title [role="heading"]', '.s-item__title'];
const LABEL = '.LIGHT_HIGHLIGHT';
const PRICE = ['.s-item__price'];
const RATING = ['.x-star-rating .clipped'];
const SELLER = ['.s-item__seller-info-text'];

const ITEM_ID = /\/itm\/(?:[^/?#]+\/)?(\d{9,})/;

function pageKind(url: URL): PageKind {
  if (ITEM_ID.test(url.pathname)) return 'item';
  if (url.pathname.startsWith('/sch/') || url.searchParams.has('_nkw')) return 'search';
  if (url.pathname === '/' || url.pathname === '') return 'home';
  return 'other';
}

function readItem(el: Element, index: number, url: URL, detail = true): PageItem | undefined {
  const href = absoluteUrl(pick(el, LINK)?.getAttribute('href'), url);
  const id = ITEM_ID.exec(href)?.[1] ?? '';
  const heading = pick(el, TITLE);
  const title = (heading && textWithout(heading, LABEL, MAX_TITLE)) || cleanText(el.querySelector('img[alt]')?.getAttribute('alt'), MAX_TITLE);
  return cardItem(id, title, href, index, detail ? { price: textOf(el, PRICE), rating: textOf(el, RATING), seller: textOf(el, SELLER) } : {});
}

export const site: SiteAdapter = {
  id: 'ebay',
  name: 'eBay',
  matches: ['*://*.ebay.com/*', '*://*.ebay.co.uk/*', '*://*.ebay.de/*', '*://*.ebay.fr/*', '*://*.ebay.it/*', '*://*.ebay.com.au/*', '*://*.ebay.ca/*'],
  itemPages: [/^\/itm\//],
  searchParams: ['_nkw'],
  pageKind,
  findLists: (root) => findByRules(root, LISTS),
  readItem,
};
