/**
 * The ranking loop in Firefox ESR (background page host, MV3 build) on the real YouTube and Amazon
 * captures: sites switched on through the real permission request, seeded history, the pages' own
 * elements reordered, the original order given back exactly, no extension request off the machine.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { siteById } from '../../src/adapters/registry';
import { DEFAULT_EXTENSION_DIR, launchFirefox, waitFor } from './firefox-harness';
import type { ExtensionGlobal, FirefoxSession } from './firefox-harness';
import { SiteServer } from './site-server';

const WATCH = readFileSync('test/fixtures/youtube/watch_postlight_elixirconf-keynote.html', 'utf8');
const AMAZON = readFileSync('test/fixtures/amazon/search_amazon-de_katzenfutter_2022.html', 'utf8');
const YT_ITEM = '#related ytd-compact-video-renderer #video-title';
const AZ_ITEM = '.s-main-slot [data-component-type="s-search-result"][data-asin] h2';

let server: SiteServer;
let ff: FirefoxSession;

const verb = async <T>(v: string, payload: unknown = {}): Promise<T> => {
  const r = (await ff.evalInExtension(
    (name: string, p: unknown) => (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage({ lr: 1, verb: name, payload: p }),
    v,
    payload,
  )) as { ok: boolean; value: T; error?: string };
  if (!r.ok) throw new Error(`${v}: ${r.error}`);
  return r.value;
};
const titles = (page: Page, sel: string) => page.$$eval(sel, (els) => els.map((e) => (e.textContent ?? '').trim()));
const tabIdFor = (pattern: string) =>
  ff.evalInExtension(async (p: string) => (await (globalThis as unknown as ExtensionGlobal).browser.tabs.query({ url: p }))[0]?.id ?? -1, pattern);

async function seed(site: string, title: (i: number) => string): Promise<void> {
  const now = Date.now();
  const events = Array.from({ length: 10 }, (_, i) => ({ kind: 'view', site, url: `http://example.invalid/${site}/${i}`, title: title(i), time: now - (10 - i) * 60_000, count: 1 }));
  await verb('history.import', { json: JSON.stringify({ format: 'localrank-history', version: 1, exportedAt: '', events }) });
}

async function ranked(url: string): Promise<Page> {
  const page = await ff.openTab(url, 20_000);
  await waitFor(() => page.$('[data-localrank-list]'), 15_000, 'a ranked list');
  await new Promise((r) => setTimeout(r, 300));
  return page;
}

beforeAll(async () => {
  server = await new SiteServer().start();
  server.route('www.youtube.com', () => ({ body: WATCH }));
  server.route('www.amazon.de', () => ({ body: AMAZON }));
  ff = await launchFirefox({ extensionDir: DEFAULT_EXTENSION_DIR, proxyPort: server.port });
}, 90_000);
afterAll(async () => {
  await ff?.close();
  await server?.close();
});

describe.each([
  ['youtube', 'http://www.youtube.com/watch?v=srtMWzyqdp8', YT_ITEM, (i: number) => `Phoenix LiveView going global, part ${i}`, /Phoenix/, '*://www.youtube.com/*'],
  ['amazon', 'http://www.amazon.de/s?k=katzenfutter', AZ_ITEM, (i: number) => `Sheba cat food in sauce with salmon, pack ${i}`, /Sheba/, '*://*.amazon.de/*'],
] as const)('Firefox ESR: %s', (id, url, itemSel, history, taste, pattern) => {
  let before: string[];

  it('reads the list as the site orders it', async () => {
    const page = await ff.openTab(url, 20_000);
    before = await titles(page, itemSel);
    await page.close();
    expect(before.length).toBeGreaterThan(10);
  });

  it('is switched on by the permission the user grants', async () => {
    expect(await ff.grantOrigins([...siteById(id)!.matches])).toBe(true);
    await waitFor(async () => (await verb<{ id: string; enabled: boolean }[]>('sites.list')).find((s) => s.id === id)?.enabled, 10_000, `${id} on`);
  });

  it('reorders the page\'s own elements toward the history, then gives the original back exactly', async () => {
    await seed(id, history);
    const page = await ranked(url);
    const after = await titles(page, itemSel);
    expect([...after].sort()).toEqual([...before].sort());
    expect(after).not.toEqual(before);
    const mean = (l: string[]) => l.flatMap((t, i) => (taste.test(t) ? [i] : [])).reduce((a, b, _, all) => a + b / all.length, 0);
    expect(mean(after)).toBeLessThan(mean(before));
    const r = await verb<{ ok: boolean }>('tab.original', { tabId: await tabIdFor(pattern), original: true });
    expect(r.ok).toBe(true);
    expect(await titles(page, itemSel)).toEqual(before);
    expect(await page.$$eval('[data-localrank-moved], [data-localrank-badge], [data-localrank-list]', (e) => e.length)).toBe(0);
    await page.close();
  });
});

describe('Firefox ESR: privacy', () => {
  it('no request reached the network on behalf of an extension page', () => {
    expect(server.fromExtensions()).toEqual([]);
    expect(server.requests.filter((r) => /^moz-extension:/.test(r.url))).toEqual([]);
  });
});
