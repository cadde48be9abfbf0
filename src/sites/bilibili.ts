import type { PageItem, PageKind, SiteAdapter } from '../adapters/types';
import { findByRules, type ListRule } from '../adapters/lists';
import { absoluteUrl, cardItem, MAX_TITLE, pick, textOf } from '../adapters/text';

/**
 * Lists, one rule per page variant, each proven by a capture in test/fixtures/bilibili/.
 * Bilibili is a single-page app: these are rendered-DOM selectors, re-run by the shared observer.
 * Unsupported until a capture proves them (not guessed): related videos beside a video, search
 * results, and the post-2020 home feed.
 */
const LISTS: readonly ListRule[] = [
  // Home, first screen "recommended for you" cards. Fixture: home_bilibili_2020.html (2020-05-17,
  // a rendered body fragment).
  { kind: 'grid', container: '.recommend-box', item: '.video-card-reco' },
  // Home, per-zone video and live-room cards (动画, 正在直播 …). The "推广" promotion strip
  // (.ext-box), the rank lists (their order is the point) and banners are left alone. Same fixture.
  { kind: 'grid', container: '.zone-list-box', item: '.video-card-common, .live-card' },
];

const LINK = ['a[href*="/video/"]', 'a[href*="live.bilibili.com/"]'];
// Recommended card: p.title; zone card: a.title; live card: p.desc (the room title).
const TITLE = ['.title', '.ex-title', '.desc'];
// Live card: the streamer's .name; video cards: the uploader line (.up).
const CHANNEL = ['.txt .name', '.up', '.ex-up'];
// "18.0万播放" (recommended), the play count's first span (zone), the audience (live).
const VIEWS = ['.play', '.count .left span', '.pic .count'];
const DURATION = ['.count .right span'];

const VIDEO = /\/video\/(BV\w{10}|av\d+)/i;
const LIVE = /live\.bilibili\.com\/(\d+)/;

/** Video id (BV… / av…) or `live:<room>` for a live room; '' for other links. */
export function bilibiliId(url: string): string {
  const video = VIDEO.exec(url)?.[1];
  if (video) return video;
  const room = LIVE.exec(url)?.[1];
  return room ? `live:${room}` : '';
}

function pageKind(url: URL): PageKind {
  if (VIDEO.test(url.pathname)) return 'item';
  if (url.hostname.startsWith('search.')) return 'search';
  if (url.pathname === '/' || url.pathname === '') return 'home';
  return 'other';
}

function readItem(el: Element, index: number, url: URL, detail = true): PageItem | undefined {
  const href = absoluteUrl(pick(el, LINK)?.getAttribute('href'), url);
  const id = bilibiliId(href);
  const title = textOf(el, TITLE, MAX_TITLE);
  return cardItem(id, title, href, index, detail ? { channel: textOf(el, CHANNEL), views: textOf(el, VIEWS), duration: textOf(el, DURATION) } : {});
}

export const site: SiteAdapter = {
  id: 'bilibili',
  name: 'Bilibili',
  matches: ['*://*.bilibili.com/*'],
  itemPages: [/^\/video\/(?:BV[\w]+|av\d+)/i],
  searchParams: ['keyword'],
  pageKind,
  findLists: (root) => findByRules(root, LISTS),
  readItem,
};
