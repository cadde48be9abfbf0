import type { SiteInfo } from './types';

export const site: SiteInfo = {
  id: 'bilibili',
  name: 'Bilibili',
  matches: ['*://*.bilibili.com/*'],
  itemPages: [/^\/video\/(?:BV[\w]+|av\d+)/i],
  searchParams: ['keyword'],
};
