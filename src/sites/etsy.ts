import type { SiteInfo } from './types';

export const site: SiteInfo = {
  id: 'etsy',
  name: 'Etsy',
  matches: ['*://*.etsy.com/*'],
  itemPages: [/^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?listing\/\d+/],
  searchParams: ['q'],
};
