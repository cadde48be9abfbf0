import type { SiteInfo } from './types';

export const site: SiteInfo = {
  id: 'aliexpress',
  name: 'AliExpress',
  matches: ['*://*.aliexpress.com/*', '*://*.aliexpress.us/*'],
  itemPages: [/^\/item\/(?:[\w-]+\/)?\d+\.html/],
  searchParams: ['SearchText'],
};
