import type { SiteInfo } from './types';

export const site: SiteInfo = {
  id: 'taobao',
  name: 'Taobao / Tmall',
  matches: ['*://*.taobao.com/*', '*://*.tmall.com/*'],
  // item.taobao.com/item.htm?id=…, detail.tmall.com/item.htm?id=…
  itemPages: [/^\/item\.htm\?(?:.*&)?id=\d+/],
  searchParams: ['q'],
};
