/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium-harness';
import type { ChromiumRun } from './chromium-harness';
import { enableSite, ext, listTitles, seed } from './loop-helpers';
import { SiteServer } from './site-server';

const AMAZON = readFileSync('test/fixtures/amazon/search_amazon-de_katzenfutter_2022.html', 'utf8');
// The eBay capture's markup at another host stands for "any site"; its scripts are removed, as
// they send the browser back to ebay.de when the host is not theirs.
const EBAY = readFileSync('test/fixtures/ebay/search_ebay-de_apple_2022.html', 'utf8').replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<meta[^>]+http-equiv=["']?refresh[^>]*>/gi, '');
const A_ITEM = '.s-main-slot [data-component-type="s-search-result"][data-asin]';
const E_ITEM = 'ul.srp-results > li.s-item';

let server: SiteServer;
let run: ChromiumRun;
let popup: Page;

beforeAll(async () => {
  server = await new SiteServer().start();
  server.route('www.amazon.de', (u) => (u.pathname === '/s' ? { body: AMAZON } : { status: 404, body: '' }));
  server.route('shop.example.test', (u) => (u.pathname === '/' ? { body: EBAY } : { status: 404, body: '' }));
  run = await launchChromium({ proxyPort: server.port });
  popup = await run.openPopup();
});
afterAll(async () => {
  await run?.close();
  await server?.close();
});

async function orderOf(url: string, item: string, title: string, ranked: boolean): Promise<{ tab: Page; titles: string[] }> {
  const tab = await run.context.newPage();
  await tab.goto(url);
  if (ranked) await tab.locator('[data-localrank-list]').first().waitFor({ timeout: 15_000 });
  else await tab.waitForTimeout(500);
  await tab.waitForTimeout(300);
  return { tab, titles: await listTitles(tab, item, title) };
}

describe('Amazon search results (real 2022 capture) in Chromium', () => {
  let before: string[];
  it('reads the results as the site orders them', async () => {
    const r = await orderOf('https://www.amazon.de/s?k=katzenfutter', A_ITEM, 'h2', false);
    before = r.titles;
    await r.tab.close();
    expect(before.length).toBeGreaterThanOrEqual(48);
  });

  it('moves the page\'s own result cards toward the seeded taste and gives them back exactly', async () => {
    await enableSite(run, popup, 'amazon');
    await seed(popup, Array.from({ length: 10 }, (_, i) => ({
      kind: i % 3 ? 'view' : 'click', site: 'amazon', url: `https://www.amazon.de/dp/B0SALMON0${i}`, title: `Sheba cat food in sauce with salmon, pack ${i}`,
    })));
    const { tab, titles } = await orderOf('https://www.amazon.de/s?k=katzenfutter', A_ITEM, 'h2', true);
    expect([...titles].sort()).toEqual([...before].sort());
    expect(titles).not.toEqual(before);
    // Sponsored results keep their slots; the Sheba results the history points at rise among the rest.
    const meanSheba = (l: string[]) => l.flatMap((t, i) => (/Sheba/i.test(t) ? [i] : [])).reduce((a, b, _, all) => a + b / all.length, 0);
    expect(meanSheba(titles)).toBeLessThan(meanSheba(before) - 5);
    const p = await run.openPopup(await run.tabIdOf(tab));
    await p.getByRole('button', { name: 'Show original order' }).click();
    await expect.poll(() => listTitles(tab, A_ITEM, 'h2')).toEqual(before);
    expect(await tab.locator('[data-localrank-moved], [data-localrank-badge], [data-localrank-list]').count()).toBe(0);
    await p.close();
    await tab.close();
  });
});

describe('any other site (generic adapter) on a real eBay results page served at another host', () => {
  it('is switched on with "This site", then its card list is ranked', async () => {
    const { tab, titles: before } = await orderOf('https://shop.example.test/', E_ITEM, '.s-item__title', false);
    // As a user does: open LocalRank on the page with its shortcut, Space on "On this site", Allow.
    await run.openActionPopup(tab);
    run.key('space');
    await run.answerPrompt(true);
    await expect.poll(() => ext<{ id: string; enabled: boolean }[]>(popup, 'sites.list').then((l) => l.find((s) => s.id === 'generic:shop.example.test')?.enabled)).toBe(true);
    await seed(popup, Array.from({ length: 10 }, (_, i) => ({
      kind: 'view', site: 'generic:shop.example.test', url: `https://shop.example.test/itm/${i}`, title: `Apple iPad Air 2 64 GB WiFi Space Grau ${i}`,
    })));
    await tab.reload();
    await tab.locator('[data-localrank-list]').first().waitFor({ timeout: 15_000 });
    await tab.waitForTimeout(300);
    const after = await listTitles(tab, E_ITEM, '.s-item__title');
    expect([...after].sort()).toEqual([...before].sort());
    expect(after).not.toEqual(before);
    expect(after.slice(0, 5).filter((t) => /iPad Air/i.test(t)).length).toBeGreaterThan(before.slice(0, 5).filter((t) => /iPad Air/i.test(t)).length);
    await tab.close();
  });

  it('leaves a page with no recognisable list as it was and says so', async () => {
    server.route('plain.example.test', () => ({ body: '<!doctype html><title>About us</title><h1>About</h1><p>We sell <a href="/a">one thing</a>.</p>' }));
    const tab = await run.context.newPage();
    await tab.goto('https://plain.example.test/');
    const html = await tab.content();
    await run.openActionPopup(tab);
    run.key('space');
    await run.answerPrompt(true);
    await expect.poll(() => ext<{ id: string; enabled: boolean }[]>(popup, 'sites.list').then((l) => l.find((s) => s.id === 'generic:plain.example.test')?.enabled)).toBe(true);
    const p = await run.openPopup(await run.tabIdOf(tab));
    await p.getByText('Layout not recognised on this page').waitFor();
    expect(await tab.content()).toBe(html);
    await p.close();
    await tab.close();
  });

  it('ranks a 5,000-card page with hostile titles without breaking it or running page text', async () => {
    const hostile = (i: number) => (i % 7 ? `Trail shoe model ${i}` : `<img src=x onerror="window.__pwned=${i}"> \u202Egossip ${'x'.repeat(i % 3 ? 10 : 10_000)}`);
    const cards = Array.from({ length: 5000 }, (_, i) => `<li class="card"><a href="/p/${i}"><img alt="" width="40" height="40"><h3>${hostile(i).replace(/</g, '&lt;')}</h3></a><span>€${i}</span></li>`).join('');
    server.route('big.example.test', () => ({ body: `<!doctype html><title>Big</title><ul id="grid">${cards}</ul>` }));
    const tab = await run.context.newPage();
    await tab.goto('https://big.example.test/');
    await run.openActionPopup(tab);
    run.key('space');
    await run.answerPrompt(true);
    await tab.locator('[data-localrank-list]').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => tab.locator('[data-localrank-moved]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await tab.locator('#grid > li').count()).toBe(5000);
    expect(await tab.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await tab.locator('#grid img[onerror], [data-localrank-badge] img').count()).toBe(0);
    await tab.close();
  });

  it('made no network request from any extension context', () => {
    expect(run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')))).toEqual([]);
    expect(server.fromExtensions()).toEqual([]);
  });
});
