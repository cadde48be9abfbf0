/**
 * The demo flow, shared by `npm run demo` and test/e2e/demo.chromium.test.ts: the built extension
 * in Chromium (the e2e harness), the demo shop on a made-up host, a seeded history, LocalRank
 * switched on through the popup as a user would, and the lists read before and after.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { PageReport } from '../../src/messaging/protocol';
import { launchChromium } from '../../test/e2e/chromium-harness';
import type { ChromiumRun } from '../../test/e2e/chromium-harness';
import { ext, seed } from '../../test/e2e/loop-helpers';
import { SiteServer } from '../../test/e2e/site-server';
import { PERSONA } from './persona';
import { DEMO_HOST, DEMO_SITE, DEMO_URL, demoRoute } from './site';

/** One list of the demo page, as the page shows it before and after LocalRank. */
export interface DemoList {
  /** The list's heading (the page's `data-demo-list`, which LocalRank does not read). */
  name: string;
  before: string[];
  after: string[];
}

export interface DemoResult {
  lists: DemoList[];
  /** What the content script reported for the tab (moves with reasons), as the popup shows it. */
  report: PageReport;
  screenshots: { before: string; after: string; popup: string };
}

export interface DemoSession {
  run: ChromiumRun;
  server: SiteServer;
  result: DemoResult;
  close(): Promise<void>;
}

/** Titles of every demo list, in DOM order (read in the page, from the page's own elements). */
function readLists(tab: Page): Promise<{ name: string; titles: string[] }[]> {
  return tab.$$eval('[data-demo-list]', (uls) =>
    uls.map((ul) => ({
      name: ul.getAttribute('data-demo-list') ?? '',
      titles: [...ul.children].map((li) => (li.querySelector('.card__title')?.textContent ?? '').trim()),
    })),
  );
}

async function enabled(messenger: Page): Promise<boolean> {
  return (await ext<{ id: string; enabled: boolean }[]>(messenger, 'sites.list')).some((s) => s.id === DEMO_SITE && s.enabled);
}

/**
 * Switch LocalRank on for `tab`'s site as a user does: open the toolbar popup (its keyboard
 * shortcut, which like a click on the icon grants activeTab), Space on the focused "On this site"
 * switch, Allow in the browser's prompt. (The popup page opened in a tab cannot start this for a
 * site without access: with no activeTab grant it cannot see the tab's URL, so it has no switch.)
 */
async function enableHere(run: ChromiumRun, tab: Page, messenger: Page): Promise<void> {
  await run.openActionPopup(tab);
  run.key('space');
  await run.answerPrompt(true);
  // Chromium closes the popup under its prompt; the background completes the switch on the grant.
  for (let i = 0; i < 100; i++) {
    if (await enabled(messenger)) return;
    await messenger.waitForTimeout(100);
  }
  throw new Error(`LocalRank was not switched on for ${DEMO_HOST} (the permission prompt was not answered, or the grant was not taken up)`);
}

/** Wait until every list is ranked and the tab's report covers them all. */
async function rankedReport(tab: Page, popup: Page, tabId: number, lists: number): Promise<PageReport> {
  await tab.waitForFunction((n) => document.querySelectorAll('[data-localrank-list]').length >= n, lists, { timeout: 20_000 });
  for (let i = 0; i < 100; i++) {
    const r = await ext<PageReport | null>(popup, 'tab.report', { tabId });
    if (r && r.lists.length >= lists && r.lists.every((l) => l.items > 0)) return r;
    await tab.waitForTimeout(100);
  }
  throw new Error('LocalRank ranked the lists but did not report them');
}

/**
 * Run the demo and leave the browser open (the caller checks requests, then closes).
 * Needs a built extension in .output/chrome-mv3.
 */
export async function runDemo(opts: { outDir: string }): Promise<DemoSession> {
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const shots = { before: join(outDir, 'before.png'), after: join(outDir, 'after.png'), popup: join(outDir, 'popup.png') };
  const server = await new SiteServer().start();
  server.route(DEMO_HOST, demoRoute);
  const run = await launchChromium({ proxyPort: server.port });
  try {
    const tab = run.context.pages()[0] ?? (await run.context.newPage());
    await tab.setViewportSize({ width: 1280, height: 800 });
    await tab.goto(DEMO_URL);
    const before = await readLists(tab);
    // The X pointer rests mid-screen, over a card: move it off so no card shows its hover state.
    await tab.mouse.move(0, 0);
    await tab.screenshot({ path: shots.before, fullPage: true });

    // An extension page to talk to the background with (as the popup and options pages do).
    const messenger = await run.openPopup();
    await seed(messenger, [...PERSONA]);
    await enableHere(run, tab, messenger);
    // A fresh load, as the user's next visit: the registered content script ranks from the start.
    await tab.bringToFront();
    await tab.reload();
    const tabId = await run.tabIdOf(tab);
    const report = await rankedReport(tab, messenger, tabId, before.length);
    const after = await readLists(tab);
    await tab.mouse.move(0, 0);
    await tab.screenshot({ path: shots.after, fullPage: true });

    // The popup about the demo tab, with its "On this page" panel (what moved and why).
    const popup = await run.openPopup(tabId);
    await popup.getByText(/items? moved in \d+ lists?/).waitFor();
    await popup.locator('main.popup').screenshot({ path: shots.popup });

    const lists = before.map((b, i) => ({ name: b.name, before: b.titles, after: after[i]?.titles ?? [] }));
    const close = async () => {
      await run.close();
      await server.close();
    };
    return { run, server, result: { lists, report, screenshots: shots }, close };
  } catch (e) {
    await run.close().catch(() => undefined);
    await server.close();
    throw e;
  }
}
