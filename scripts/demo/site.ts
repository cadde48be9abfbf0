/**
 * The demo shop as a "site": the pages under demo/ served for a made-up host through the e2e
 * SiteServer (the browser's proxy), so the demo needs no network and no real shop.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Route } from '../../test/e2e/site-server';
import { page } from '../../test/e2e/site-server';

/** Not a registry site, so LocalRank treats it as "any other site" (the generic adapter). */
export const DEMO_HOST = 'shop.localrank.test';
export const DEMO_SITE = `generic:${DEMO_HOST}`;
export const DEMO_URL = `https://${DEMO_HOST}/search?q=weekend+essentials`;

const DEMO_DIR = resolve('demo');

/** Serves the search page, its images, and a stub page per product (so the cards' links work). */
export const demoRoute: Route = (url) => {
  if (url.pathname === '/' || url.pathname === '/search') return { body: readFileSync(resolve(DEMO_DIR, 'shop.html')) };
  // Only plain file names: nothing outside demo/img can be asked for.
  const img = /^\/img\/([a-z0-9-]+\.svg)$/.exec(url.pathname);
  if (img) return { type: 'image/svg+xml', body: readFileSync(resolve(DEMO_DIR, 'img', img[1]!)) };
  if (url.pathname.startsWith('/p/')) return { body: page(`${url.pathname.slice(3)} — Kestrel Market`, '<p>A product page of the demo shop.</p>') };
  return undefined;
};
