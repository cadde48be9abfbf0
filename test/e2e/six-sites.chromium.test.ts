/// <reference types="chrome" />
/**
 * One real capture per site of the six "more sites" adapters, served at the site's own host:
 * switched on, history seeded from the page's own lower items, the list reordered, the original
 * order given back exactly, links still working, and no extension request off the machine.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { siteById } from '../../src/adapters/registry';
import { launchChromium } from './chromium-harness';
import type { ChromiumRun } from './chromium-harness';
import { enableSite, ext, seed } from './loop-helpers';
import { SiteServer } from './site-server';

const CASES = [
  { id: 'ebay', fixture: 'ebay/search_ebay-de_apple_2022.html' },
  { id: 'etsy', fixture: 'etsy/listing_etsy_metascraper.html' },
  { id: 'bilibili', fixture: 'bilibili/home_bilibili_2020.html' },
  { id: 'jd', fixture: 'jd/search_jd_sony-headphones_2016.html' },
  { id: 'taobao', fixture: 'taobao/item_taobao_keyboard-case_2020.html' },
  { id: 'aliexpress', fixture: 'aliexpress/item_aliexpress-he_iphone-se_2020.html' },
] as const;

let server: SiteServer;
let run: ChromiumRun;
let popup: Page;

beforeAll(async () => {
  server = await new SiteServer().start();
  run = await launchChromium({ proxyPort: server.port });
  popup = await run.openPopup();
});
afterAll(async () => {
  await run?.close();
  await server?.close();
});

describe.each(CASES)('$id: real capture in Chromium', ({ id, fixture }) => {
  const expected = JSON.parse(readFileSync(`test/fixtures/${fixture}.expected.json`, 'utf8')) as { url: string; lists: { id: string; items: number }[] };
  const url = expected.url;
  const host = new URL(url).hostname;
  let tab: Page;

  it('is served at its own host and switched on', async () => {
    const body = readFileSync(`test/fixtures/${fixture}`);
    // The captured page at its URL; any other page of the site (where item links lead) is a stub.
    server.route(host, (u) => (u.pathname + u.search === new URL(url).pathname + new URL(url).search ? { body } : { body: '<!doctype html><title>Item page</title>' }));
    await enableSite(run, popup, id);
    expect(siteById(id)!.matches.some((m) => m.includes(host.split('.').slice(-2).join('.')))).toBe(true);
  });

  it('reorders a list toward history seeded from its lower items, then restores it exactly', async () => {
    // What the page shows before LocalRank ranks it: the adapter's first list, via the registered
    // content script's own reading (the ranked markers tell us which container it took).
    tab = await run.context.newPage();
    await tab.goto(url);
    await tab.locator('[data-localrank-list]').first().waitFor({ timeout: 20_000 });
    const tabId = await run.tabIdOf(tab);
    const report = await ext<{ lists: { id: string; items: number }[]; moves: { title: string; from: number; to: number }[] }>(popup, 'tab.report', { tabId });
    expect(report.lists.length).toBeGreaterThan(0);
    expect(report.lists[0]!.items).toBe(expected.lists.find((l) => l.id === report.lists[0]!.id)?.items);
    // Show the original order, read the first list, and seed history from its last items.
    await ext(popup, 'tab.original', { tabId, original: true });
    const container = tab.locator('[data-localrank-list]');
    expect(await container.count()).toBe(0);
    const original = await tab.evaluate(() => document.body.innerHTML);
    const fixtureItems = report.lists[0]!.items;
    expect(fixtureItems).toBeGreaterThan(3);
    await seed(popup, Array.from({ length: 10 }, (_, i) => ({
      kind: 'view', site: id, url: `https://${host}/seed/${i}`, title: `${report.moves.at(-1)?.title ?? ''} ${i}`.trim(),
    })));
    const ranked = await ext<{ ok: boolean; report: { lists: { moved: number }[] } | null }>(popup, 'tab.original', { tabId, original: false });
    expect(ranked.ok).toBe(true);
    expect(ranked.report!.lists.reduce((n, l) => n + l.moved, 0)).toBeGreaterThan(0);
    expect(await tab.locator('[data-localrank-moved]').count()).toBeGreaterThan(0);
    await ext(popup, 'tab.original', { tabId, original: true });
    expect(await tab.evaluate(() => document.body.innerHTML)).toBe(original);
  });

  it('keeps the page\'s links working: a click does what it does without LocalRank', async () => {
    const tabId = await run.tabIdOf(tab);
    await ext(popup, 'tab.original', { tabId, original: false });
    // The item link of a moved card (an item page of the site).
    const href = await tab.locator('[data-localrank-moved] a[href^="http"], [data-localrank-moved] a[href^="/"], a[data-localrank-moved][href]')
      .first().evaluate((a) => (a as HTMLAnchorElement).href);
    const ranked = await clickResult(tab, href);
    // The same link on the page as the site shows it, without LocalRank.
    const plain = await run.context.newPage();
    await plain.goto(url);
    await plain.waitForTimeout(500);
    const plainId = await run.tabIdOf(plain);
    await ext(popup, 'tab.original', { tabId: plainId, original: true });
    const without = await clickResult(plain, href);
    console.log(`[${id}] ${href.slice(0, 60)}… ranked → ${ranked.slice(0, 60)} | without LocalRank → ${without.slice(0, 60)}`);
    expect(ranked).toBe(without);
    await plain.close();
  });
});

/** Where a trusted click on the link to `href` leads within a few seconds ('' when nowhere). */
async function clickResult(page: Page, href: string): Promise<string> {
  const handle = await page.evaluateHandle((h) => [...document.querySelectorAll('a[href]')].find((a) => (a as HTMLAnchorElement).href === h) ?? null, href);
  const el = handle.asElement();
  if (!el) return 'no such link';
  const opened = page.waitForEvent('popup', { timeout: 5000 }).catch(() => null);
  const navigated = page.waitForURL((u) => u.href !== page.url(), { timeout: 5000 }).then(() => page.url()).catch(() => '');
  await el.click({ force: true }).catch(() => undefined);
  const result = await Promise.race([
    navigated,
    opened.then(async (p) => {
      if (!p) return '';
      await p.waitForURL((u) => u.protocol.startsWith('http'), { timeout: 4000 }).catch(() => undefined);
      const u = p.url();
      await p.close();
      return u;
    }),
  ]);
  return result.split('#')[0] ?? '';
}

describe('six sites: privacy', () => {
  it('made no network request from any extension context', () => {
    expect(run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')))).toEqual([]);
    expect(server.fromExtensions()).toEqual([]);
  });
});

