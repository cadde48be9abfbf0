/// <reference types="chrome" />
/**
 * One Chromium for the `loop` bench section: the built extension with the tiny test model bundled
 * (test/e2e/ext-build.ts), headed under Xvfb with all HTTP going to a local SiteServer that serves
 * the synthetic shop page and the largest captured fixture pages; the sites are switched on as a
 * user does, and history is seeded so that rankings move items.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CHROME_BUILD, launchChromium } from '../../test/e2e/chromium-harness';
import type { ChromiumRun } from '../../test/e2e/chromium-harness';
import { buildWithTestModels } from '../../test/e2e/ext-build';
import { enableSite, ext, seed } from '../../test/e2e/loop-helpers';
import { SiteServer } from '../../test/e2e/site-server';
import { BENCH_HOST, BENCH_URL, benchPageHtml, recordLongTasks } from './loop-page';

export const YOUTUBE_URL = 'https://www.youtube.com/watch?v=srtMWzyqdp8';
export const AMAZON_URL = 'https://www.amazon.de/s?k=katzenfutter';
export const TEST_MODEL = 'localrank-test/tiny-minilm';

/** The running browser, its popup page, and the content script's URL. */
export interface LoopSession {
  readonly run: ChromiumRun;
  readonly popup: Page;
  readonly scriptUrl: string;
  /** A new tab at `url`, in front (rAF runs only in a visible tab). */
  open(url: string): Promise<Page>;
  /** Ask the content script in `tab` to show the original order (true) or rank again (false). */
  toggle(tab: Page, original: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Launch, serve the pages, switch the sites on and seed history. */
export async function startLoopSession(): Promise<LoopSession> {
  const watch = readFileSync('test/fixtures/youtube/watch_postlight_elixirconf-keynote.html', 'utf8');
  const amazon = readFileSync('test/fixtures/amazon/search_amazon-de_katzenfutter_2022.html', 'utf8');
  const server = await new SiteServer().start();
  server.route(BENCH_HOST, (u) => (u.pathname === '/' ? { body: benchPageHtml() } : { body: '<!doctype html><title>item</title>' }));
  server.route('www.youtube.com', (u) => (u.pathname === '/watch' ? { body: watch } : { status: 404, body: '' }));
  server.route('www.amazon.de', (u) => (u.pathname === '/s' ? { body: amazon } : { status: 404, body: '' }));
  let run: ChromiumRun | undefined;
  try {
    run = await launchChromium({ proxyPort: server.port, extensionDir: buildWithTestModels(CHROME_BUILD) });
    const r = run;
    const popup = await r.openPopup();
    const open = async (url: string) => {
      const tab = await r.context.newPage();
      await recordLongTasks(tab);
      await tab.goto(url);
      await tab.bringToFront();
      return tab;
    };
    const toggle = async (tab: Page, original: boolean) => {
      const tabId = await r.tabIdOf(tab);
      await (await r.serviceWorker()).evaluate(([id, o]) => chrome.tabs.sendMessage(id, { lrTab: 1, op: o ? 'original' : 'rank' }), [tabId, original] as const);
    };
    await enableSite(r, popup, 'youtube');
    await enableSite(r, popup, 'amazon');
    // The synthetic shop is "any other site": the action popup's "On this site", then Allow.
    const shop = await open(BENCH_URL);
    await r.openActionPopup(shop);
    r.key('space');
    await r.answerPrompt(true);
    for (let i = 0; i < 40; i++) {
      const sites = await ext<{ id: string; enabled: boolean }[]>(popup, 'sites.list');
      if (sites.find((s) => s.id === `generic:${BENCH_HOST}`)?.enabled) break;
      if (i === 39) throw new Error(`could not switch ${BENCH_HOST} on`);
      await new Promise((res) => setTimeout(res, 250));
    }
    await shop.close();
    await seed(popup, [
      ...Array.from({ length: 10 }, (_, i) => ({ kind: 'view', site: `generic:${BENCH_HOST}`, url: `${BENCH_URL}seen/${i}`, title: `Trail running shoes lightweight waterproof ${i}` })),
      ...Array.from({ length: 6 }, (_, i) => ({ kind: 'view', site: 'youtube', url: `https://www.youtube.com/watch?v=phoenix000${i}`, title: `Phoenix LiveView talk ${i}: going global` })),
      ...Array.from({ length: 6 }, (_, i) => ({ kind: 'view', site: 'amazon', url: `https://www.amazon.de/dp/B0SALMON0${i}`, title: `Sheba cat food in sauce with salmon, pack ${i}` })),
    ]);
    return {
      run: r, popup, open, toggle,
      scriptUrl: r.extUrl('content-scripts/content.js'),
      close: async () => {
        await r.close();
        await server.close();
      },
    };
  } catch (e) {
    await run?.close().catch(() => undefined);
    await server.close();
    throw e;
  }
}
