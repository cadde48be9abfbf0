import type { SiteInfo } from './types';

export const site: SiteInfo = {
  id: 'ebay',
  name: 'eBay',
  matches: ['*://*.ebay.com/*', '*://*.ebay.co.uk/*', '*://*.ebay.de/*', '*://*.ebay.fr/*', '*://*.ebay.it/*', '*://*.ebay.com.au/*', '*://*.ebay.ca/*'],
  itemPages: [/^\/itm\//],
  searchParams: ['_nkw'],
};
