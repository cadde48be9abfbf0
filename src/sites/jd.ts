import type { SiteInfo } from './types';

export const site: SiteInfo = {
  id: 'jd',
  name: 'JD',
  matches: ['*://*.jd.com/*', '*://*.jd.hk/*'],
  // item.jd.com/<sku>.html
  itemPages: [/^\/\d+\.html/],
  searchParams: ['keyword'],
};
