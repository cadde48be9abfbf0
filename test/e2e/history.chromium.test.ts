/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium-harness';
import type { ChromiumRun } from './chromium-harness';
import { SiteServer, page } from './site-server';

const WATCH = readFileSync('test/fixtures/youtube/watch_postlight_elixirconf-keynote.html', 'utf8');
const HOSTILE = '<img src=x onerror="window.__pwned=1">\u202Eevil \u{1F600} عربى';

let server: SiteServer;
let run: ChromiumRun;

async function historyTitles(popup: Page): Promise<string[]> {
  await popup.reload();
  await popup.locator('.counts').filter({ hasText: 'events' }).waitFor();
  return popup.locator('.history .title').allTextContents();
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    v = await fn();
  }
  return v;
}

beforeAll(async () => {
  server = await new SiteServer().start();
  server.route('www.youtube.com', (url) => {
    if (url.pathname === '/watch' && url.searchParams.get('v') === 'srtMWzyqdp8') return { body: WATCH };
    if (url.pathname === '/watch') return { body: page(url.searchParams.get('v') === 'hostile00000' ? HOSTILE : `Video ${url.searchParams.get('v')}`, '', `<meta property="og:title" content="${url.searchParams.get('v') === 'hostile00000' ? '' : 'Video ' + url.searchParams.get('v')}">`) };
    if (url.pathname === '/results') return { body: page('Search results') };
    return { body: page('YouTube home') };
  });
  server.route('www.amazon.com', () => ({ body: page('Amazon item', '', '<meta property="og:title" content="Not enabled">') }));
  run = await launchChromium({ proxyPort: server.port });
});

afterAll(async () => {
  await run?.close();
  await server?.close();
});

describe('history in Chromium', () => {
  let popup: Page;

  it('stays off when the user denies the browser prompt', async () => {
    popup = await run.openPopup();
    await popup.locator('summary', { hasText: 'All sites' }).click();
    await popup.locator('label[data-site="youtube"] input').click();
    await run.answerPrompt(false);
    await popup.getByText('Access to this site was not granted').waitFor();
    expect(await popup.locator('label[data-site="youtube"] input').isChecked()).toBe(false);
  });

  it('switches YouTube on from the popup and registers the content script', async () => {
    const sw = popup.locator('label[data-site="youtube"] input');
    await sw.click();
    await run.answerPrompt(true);
    const worker = await run.serviceWorker();
    await expect.poll(async () => (await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).map((r) => r.id)).toEqual(['lr-youtube']);
    await expect.poll(() => sw.isChecked()).toBe(true);
  });

  it('records a view of a real captured watch page and shows it in the popup', async () => {
    const tab = await run.context.newPage();
    await tab.goto('https://www.youtube.com/watch?v=srtMWzyqdp8');
    const titles = await eventually(() => historyTitles(popup), (t) => t.length > 0);
    expect(titles).toEqual(['ElixirConf 2016 - Keynote by José Valim']);
    await tab.goto('https://www.youtube.com/results?search_query=elixir+keynote');
    await tab.goto('https://www.youtube.com/watch?v=second00000');
    await tab.close();
    expect(await eventually(() => historyTitles(popup), (t) => t.length === 3)).toEqual([
      'Video second00000', '“elixir keynote”', 'ElixirConf 2016 - Keynote by José Valim',
    ]);
  });

  it('does not record on a site that is not switched on', async () => {
    const tab = await run.context.newPage();
    await tab.goto('https://www.amazon.com/dp/B000000001');
    await tab.waitForTimeout(1000);
    await tab.close();
    expect(await historyTitles(popup)).not.toContain('Not enabled');
  });

  it('searches, deletes one, and survives an extension reload', async () => {
    await popup.getByLabel('Search history').fill('keynote');
    await expect.poll(() => popup.locator('.history .title').allTextContents()).toEqual(['“elixir keynote”', 'ElixirConf 2016 - Keynote by José Valim']);
    await popup.getByLabel('Search history').fill('');
    await popup.getByRole('button', { name: /Delete “Video second00000”/ }).click();
    await expect.poll(() => popup.locator('.history .title').allTextContents()).toHaveLength(2);

    await run.reloadExtension();
    popup = await run.openPopup();
    expect(await historyTitles(popup)).toEqual(['“elixir keynote”', 'ElixirConf 2016 - Keynote by José Valim']);
  });

  it('keeps history out of the page: the page sees none of our databases or storage', async () => {
    const tab = await run.context.newPage();
    await tab.goto('https://www.youtube.com/watch?v=srtMWzyqdp8');
    await tab.waitForTimeout(500);
    const seen = await tab.evaluate(async () => ({
      dbs: (await indexedDB.databases()).map((d) => d.name),
      local: Object.keys(localStorage),
      session: Object.keys(sessionStorage),
    }));
    await tab.close();
    expect(seen).toEqual({ dbs: [], local: [], session: [] });
  });

  it('shows hostile titles as plain text', async () => {
    const tab = await run.context.newPage();
    await tab.goto('https://www.youtube.com/watch?v=hostile00000');
    await tab.close();
    const titles = await eventually(() => historyTitles(popup), (t) => t.length === 3);
    expect(titles[0]).toBe(HOSTILE);
    expect(await popup.locator('.history img').count()).toBe(0);
    expect(await popup.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('pauses and resumes recording', async () => {
    await popup.getByRole('button', { name: 'Pause recording' }).click();
    await popup.getByText('Recording is paused').waitFor();
    const tab = await run.context.newPage();
    await tab.goto('https://www.youtube.com/watch?v=paused00000');
    await tab.waitForTimeout(1000);
    expect(await historyTitles(popup)).not.toContain('Video paused00000');
    await popup.getByRole('button', { name: 'Resume recording' }).click();
    await tab.goto('https://www.youtube.com/watch?v=resumed0000');
    await tab.close();
    expect((await eventually(() => historyTitles(popup), (t) => t.includes('Video resumed0000')))[0]).toBe('Video resumed0000');
  });

  it('clears a site, then everything, with a confirmation click each', async () => {
    await popup.getByLabel('Filter by site').selectOption('youtube');
    await popup.getByRole('button', { name: 'Clear YouTube' }).click();
    await popup.getByRole('button', { name: 'Really clear YouTube?' }).click();
    await popup.getByText(/Deleted \d+ events/).waitFor();
    await popup.getByLabel('Filter by site').selectOption('');
    expect(await historyTitles(popup)).toEqual([]);
  });

  it('switching the site off unregisters the script and gives the permission back', async () => {
    await popup.locator('summary', { hasText: 'All sites' }).click();
    await popup.locator('label[data-site="youtube"] input').click();
    const worker = await run.serviceWorker();
    await expect.poll(() => worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    expect(await worker.evaluate(() => chrome.permissions.contains({ origins: ['*://www.youtube.com/*'] }))).toBe(false);
  });

  it('made no network request from any extension context', () => {
    const outside = run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')));
    expect(outside).toEqual([]);
    // What reached the network stand-in: the pages' own requests, none on behalf of an extension page.
    expect(server.fromExtensions()).toEqual([]);
    expect(server.requests.length).toBeGreaterThan(0);
  });
});
