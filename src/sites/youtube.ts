import type { PageItem, PageKind, SiteAdapter } from '../adapters/types';
import { findByRules, type ListRule } from '../adapters/lists';
import { absoluteUrl, cardItem, MAX_TITLE, pick, textOf } from '../adapters/text';

/**
 * Lists, one rule per page variant. "Fixture" names the capture in test/fixtures/youtube/ that
 * proves the rule; rules without one come from the description of current markup and are
 * unproven until a rendered capture of that page is added (see the contract test).
 */
const LISTS: readonly ListRule[] = [
  // Watch page, up-next sidebar. Fixture: watch_postlight_elixirconf-keynote.html (2022-12-13):
  // ytd-compact-video-renderer items; the promoted video and continuation spinner stay in place.
  // Current markup (2025–26) renders the same container with yt-lockup-view-model items: unproven.
  {
    kind: 'up-next',
    container: 'ytd-watch-next-secondary-results-renderer ytd-item-section-renderer > #contents',
    item: 'ytd-compact-video-renderer, yt-lockup-view-model',
    on: ['item'],
  },
  // Home grid, ytd-rich-item-renderer cells (flat grid, and the older per-row grid); also the
  // subscriptions feed and channel video tabs ('other'). Unproven: no capture.
  { kind: 'grid', container: 'ytd-rich-grid-renderer > #contents, ytd-rich-grid-row > #contents', item: 'ytd-rich-item-renderer', on: ['home', 'other'] },
  // Search results, ytd-video-renderer per result; shelves and ads are left in place. Unproven: no capture.
  { kind: 'search-results', container: 'ytd-search ytd-item-section-renderer > #contents', item: 'ytd-video-renderer', on: ['search'] },
];

// Item parts, most specific first: rendered ytd-* markup (fixture 2022-12-13), then lockup view models.
const LINK = ['a#thumbnail[href]', 'a#video-title[href]', 'a#video-title-link[href]', 'a.yt-lockup-metadata-view-model__title[href]', 'a[href*="/watch?"]', 'a[href^="/shorts/"]'];
const TITLE = ['#video-title', '.yt-lockup-metadata-view-model__title', '.ytLockupMetadataViewModelTitle', 'h3'];
const CHANNEL = ['ytd-channel-name #text', '.yt-content-metadata-view-model__metadata-text', '.ytContentMetadataViewModelMetadataText'];
const VIEWS = ['#metadata-line .inline-metadata-item'];
const DURATION = ['ytd-thumbnail-overlay-time-status-renderer #text', '.yt-badge-shape__text', '.badge-shape-wiz__text'];

/** Video id of a watch or shorts URL; playlist id for a playlist lockup; '' otherwise. */
export function videoId(url: string): string {
  if (!url) return '';
  const u = new URL(url);
  const short = /^\/shorts\/([\w-]{6,})/.exec(u.pathname);
  return u.searchParams.get('v') ?? short?.[1] ?? u.searchParams.get('list') ?? '';
}

function pageKind(url: URL): PageKind {
  if (url.pathname === '/watch' || url.pathname.startsWith('/shorts/')) return 'item';
  if (url.pathname === '/results') return 'search';
  if (url.pathname === '/' || url.pathname.startsWith('/feed/')) return 'home';
  return 'other';
}

function readItem(el: Element, index: number, url: URL, detail = true): PageItem | undefined {
  const href = absoluteUrl(pick(el, LINK)?.getAttribute('href'), url);
  const id = videoId(href);
  const title = textOf(el, TITLE, MAX_TITLE);
  return cardItem(id, title, href, index, detail ? { channel: textOf(el, CHANNEL), views: textOf(el, VIEWS), duration: textOf(el, DURATION) } : {});
}

export const site: SiteAdapter = {
  id: 'youtube',
  name: 'YouTube',
  matches: ['*://www.youtube.com/*', '*://m.youtube.com/*'],
  // /watch?v=… is the video page; /shorts/<id> the short-video page.
  itemPages: [/^\/watch\?(?:.*&)?v=[\w-]{6,}/, /^\/shorts\/[\w-]{6,}/],
  searchParams: ['search_query'],
  pageKind,
  // YouTube is one app: a page holds only its own kind of list (a watch page has no home grid).
  findLists: (root, url) => findByRules(root, LISTS, pageKind(url)),
  readItem,
};
