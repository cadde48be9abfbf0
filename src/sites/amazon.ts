import type { SiteInfo } from './types';

export const site: SiteInfo = {
  id: 'amazon',
  name: 'Amazon',
  matches: [
    '*://*.amazon.com/*', '*://*.amazon.co.uk/*', '*://*.amazon.de/*', '*://*.amazon.fr/*',
    '*://*.amazon.it/*', '*://*.amazon.es/*', '*://*.amazon.ca/*', '*://*.amazon.co.jp/*',
    '*://*.amazon.in/*', '*://*.amazon.com.au/*', '*://*.amazon.nl/*', '*://*.amazon.com.mx/*',
  ],
  // Product pages: /dp/<ASIN>, /<slug>/dp/<ASIN>, /gp/product/<ASIN>.
  itemPages: [/\/dp\/[A-Z0-9]{10}/, /\/gp\/product\/[A-Z0-9]{10}/],
  searchParams: ['k', 'field-keywords'],
};
