/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium-harness';
import type { ChromiumRun } from './chromium-harness';
import { enableSite, ext, listTitles, seed } from './loop-helpers';
import { SiteServer, page as htmlPage } from './site-server';

const WATCH = readFileSync('test/fixtures/youtube/watch_postlight_elixirconf-keynote.html', 'utf8');
const WATCH_URL = 'https://www.youtube.com/watch?v=srtMWzyqdp8';
const ITEM = '#related ytd-compact-video-renderer';
const TITLE = '#video-title';

let server: SiteServer;
let run: ChromiumRun;
let popup: Page;
let original: string[];

beforeAll(async () => {
  server = await new SiteServer().start();
  server.route('www.youtube.com', (url) =>
    url.pathname === '/watch' && url.searchParams.get('v') === 'srtMWzyqdp8' ? { body: WATCH } : { body: htmlPage(`Video ${url.searchParams.get('v')}`) },
  );
  run = await launchChromium({ proxyPort: server.port });
  popup = await run.openPopup();
  // The page as the site shows it, before LocalRank is on.
  const tab = await run.context.newPage();
  await tab.goto(WATCH_URL);
  original = await listTitles(tab, ITEM, TITLE);
  await tab.close();
});
afterAll(async () => {
  await run?.close();
  await server?.close();
});

async function rankedTab(): Promise<Page> {
  const tab = await run.context.newPage();
  await tab.goto(WATCH_URL);
  await tab.locator('[data-localrank-list]').waitFor({ timeout: 15_000 });
  await tab.waitForTimeout(300);
  return tab;
}

describe('the ranking loop on a real captured YouTube watch page (Chromium)', () => {
  it('reads the up-next list as the site shows it', () => {
    expect(original.length).toBe(19);
    expect(original).toContain('ElixirConf 2022 - Mark Ericksen - Going Global with a Normal Phoenix App');
  });

  it('reorders the page\'s own elements to follow the seeded history, with reasons on badges', async () => {
    await enableSite(run, popup, 'youtube');
    await seed(popup, [
      { kind: 'view', site: 'youtube', url: 'https://www.youtube.com/watch?v=aaaaaaaaaa1', title: 'Phoenix LiveView in production: going global' },
      { kind: 'view', site: 'youtube', url: 'https://www.youtube.com/watch?v=aaaaaaaaaa2', title: 'Deploying a Phoenix app to many regions' },
      { kind: 'search', site: 'youtube', url: 'https://www.youtube.com/results?search_query=phoenix+global', title: 'phoenix global' },
      { kind: 'click', site: 'youtube', url: 'https://www.youtube.com/watch?v=aaaaaaaaaa3', title: 'Phoenix framework: a normal app, global users' },
    ]);
    const tab = await rankedTab();
    const ranked = await listTitles(tab, ITEM, TITLE);
    expect([...ranked].sort()).toEqual([...original].sort()); // the same elements, moved
    expect(ranked).not.toEqual(original);
    expect(ranked[0]).toMatch(/Phoenix/);
    const report = await ext<{ lists: { moved: number; method: string }[]; moves: { reason: string }[] }>(popup, 'tab.report', {
      tabId: await run.serviceWorker().then((w) => w.evaluate(async () => (await chrome.tabs.query({ url: '*://www.youtube.com/*' }))[0]?.id ?? -1)),
    });
    expect(report.lists[0]?.moved).toBeGreaterThan(0);
    const badge = tab.locator('[data-localrank-badge]').first();
    await badge.waitFor({ state: 'attached' });
    expect(await tab.locator('[data-localrank-badge]').count()).toBeGreaterThan(0);
    // The badge's reason names history (it lives in a closed shadow root; its host carries the direction).
    expect(report.moves.some((m) => /Phoenix|phoenix/.test(m.reason))).toBe(true);
    await tab.close();
  });

  it('keeps the page\'s own links working after the reorder', async () => {
    const tab = await rankedTab();
    const link = tab.locator(`${ITEM} a#thumbnail`).first();
    const href = await link.getAttribute('href');
    await link.click();
    await tab.waitForURL((u) => u.href.includes(href!.replace(/&.*/, '')));
    await tab.close();
  });

  it('shows the original order again, exactly, from the popup', async () => {
    const tab = await rankedTab();
    const tabId = await run.serviceWorker().then((w) => w.evaluate(async () => (await chrome.tabs.query({ url: '*://www.youtube.com/*' }))[0]?.id ?? -1));
    expect(await ext<{ ok: boolean }>(popup, 'tab.original', { tabId, original: true })).toEqual({ ok: true });
    await expect.poll(() => listTitles(tab, ITEM, TITLE)).toEqual(original);
    expect(await tab.locator('[data-localrank-badge], [data-localrank-moved], [data-localrank-list]').count()).toBe(0);
    await ext(popup, 'tab.original', { tabId, original: false });
    await expect.poll(() => listTitles(tab, ITEM, TITLE)).not.toEqual(original);
    await tab.close();
  });

  it('made no network request from any extension context', () => {
    expect(run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')))).toEqual([]);
    expect(server.fromExtensions()).toEqual([]);
  });
});
