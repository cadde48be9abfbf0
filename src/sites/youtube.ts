import type { SiteInfo } from './types';

export const site: SiteInfo = {
  id: 'youtube',
  name: 'YouTube',
  matches: ['*://www.youtube.com/*', '*://m.youtube.com/*'],
  // /watch?v=… is the video page; /shorts/<id> the short-video page.
  itemPages: [/^\/watch\?(?:.*&)?v=[\w-]{6,}/, /^\/shorts\/[\w-]{6,}/],
  searchParams: ['search_query'],
};
