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

/** Titles of our badges' buttons, through DevTools (it sees closed shadow roots; the page does not). */
async function badgeTitles(tab: Page): Promise<string[]> {
  const cdp = await run.context.newCDPSession(tab);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
  type Node = { nodeName: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
  const out: string[] = [];
  const walk = (n: Node) => {
    const a = n.attributes ?? [];
    const t = a.indexOf('title');
    if (n.nodeName === 'BUTTON' && t >= 0 && String(a[t + 1]).startsWith('LocalRank')) out.push(String(a[t + 1]));
    [...(n.children ?? []), ...(n.shadowRoots ?? [])].forEach(walk);
  };
  walk(root);
  await cdp.detach();
  return out;
}

/** Computed background colours of our badges' buttons, through DevTools (the badge style applies in its closed root). */
async function badgeColours(tab: Page): Promise<string[]> {
  const cdp = await run.context.newCDPSession(tab);
  type Node = { nodeId: number; nodeName: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: Node };
  const buttons: number[] = [];
  const walk = (n: Node) => {
    const a = n.attributes ?? [];
    const t = a.indexOf('title');
    if (n.nodeName === 'BUTTON' && t >= 0 && String(a[t + 1]).startsWith('LocalRank')) buttons.push(n.nodeId);
    [...(n.children ?? []), ...(n.shadowRoots ?? [])].forEach(walk);
  };
  walk(root);
  await cdp.send('CSS.enable');
  const out: string[] = [];
  for (const nodeId of buttons) {
    const { computedStyle } = (await cdp.send('CSS.getComputedStyleForNode', { nodeId })) as { computedStyle: { name: string; value: string }[] };
    out.push(computedStyle.find((p) => p.name === 'background-color')?.value ?? '');
  }
  await cdp.detach();
  return out;
}

/** The page's own script appends cards to the up-next list, as YouTube does when the user scrolls. */
async function appendCards(tab: Page, titles: string[], idPrefix: string): Promise<void> {
  await tab.evaluate(([titles, idPrefix]) => {
    const model = document.querySelector('#related ytd-compact-video-renderer')!;
    const box = model.parentElement!;
    for (const [i, t] of titles.entries()) {
      const card = model.cloneNode(true) as Element;
      card.removeAttribute('data-localrank-moved');
      card.removeAttribute('data-localrank-from');
      card.querySelectorAll('[data-localrank-badge]').forEach((b) => b.remove());
      card.querySelector('#video-title')!.textContent = t;
      card.querySelectorAll('[title], [aria-label]').forEach((el) => {
        if (el.hasAttribute('title')) el.setAttribute('title', t);
        if (el.hasAttribute('aria-label')) el.setAttribute('aria-label', t);
      });
      card.querySelector('a#thumbnail')!.setAttribute('href', `/watch?v=${idPrefix}${i}`);
      card.querySelector('a#video-title-link, a.yt-simple-endpoint')?.setAttribute('href', `/watch?v=${idPrefix}${i}`);
      box.append(card);
    }
  }, [titles, idPrefix] as const);
}

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
    // Badges are built as moved cards come on screen; the unstyled capture puts the list below the
    // fold, so the user scrolls to its top, where the items that rose are.
    await tab.locator(ITEM).first().scrollIntoViewIfNeeded();
    const badge = tab.locator('[data-localrank-badge]').first();
    await badge.waitFor({ state: 'attached' });
    expect(await tab.locator('[data-localrank-badge]').count()).toBeGreaterThan(0);
    // The badge's reason names history (it lives in a closed shadow root; its host carries the direction).
    expect(report.moves.some((m) => /Phoenix|phoenix/.test(m.reason))).toBe(true);
    // The badge shows its reason (read through DevTools, which sees closed shadow roots)…
    const titles = await badgeTitles(tab);
    expect(titles.some((t) => /^LocalRank moved this up: .*Phoenix/i.test(t))).toBe(true);
    // …styled by the one shared sheet every badge adopts (up blue, down grey), not the page's styles.
    const colours = await badgeColours(tab);
    expect(colours.length).toBe(titles.length);
    expect(colours.every((c) => c === 'rgb(36, 87, 214)' || c === 'rgb(107, 114, 128)')).toBe(true);
    // …while the page's own scripts cannot read it: the reasons come from the user's history.
    expect(await tab.evaluate(() => [...document.querySelectorAll('[data-localrank-badge]')].every((b) => b.shadowRoot === null))).toBe(true);
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

  it('the popup says what moved and why, and shows the original order again, exactly, in one click', async () => {
    const tab = await rankedTab();
    const html = await tab.evaluate(() => document.querySelector('#related #items')?.innerHTML.length);
    const p = await run.openPopup(await run.tabIdOf(tab));
    await p.getByText(/\d+ items? moved in 1 list/).waitFor();
    expect((await p.locator('.moves li').allTextContents()).some((t) => /Phoenix/.test(t))).toBe(true);
    await p.getByRole('button', { name: 'Show original order' }).click();
    await expect.poll(() => listTitles(tab, ITEM, TITLE)).toEqual(original);
    expect(await tab.locator('[data-localrank-badge], [data-localrank-moved], [data-localrank-list]').count()).toBe(0);
    expect(await tab.evaluate(() => document.querySelector('#related #items')?.innerHTML.length)).not.toBe(html);
    await p.getByRole('button', { name: 'Rank again' }).click();
    await expect.poll(() => listTitles(tab, ITEM, TITLE)).not.toEqual(original);
    await p.close();
    await tab.close();
  });

  it('ranks items appended by infinite scroll in their own batch, leaving the ones above in place', async () => {
    // More evidence, so that even a batch of three moves (a weak profile stays near the site's order).
    await seed(popup, Array.from({ length: 8 }, (_, i) => ({
      kind: 'view', site: 'youtube', url: `https://www.youtube.com/watch?v=phoenix000${i}`, title: `Phoenix LiveView talk ${i}: going global`,
    })));
    const tab = await rankedTab();
    const before = await listTitles(tab, ITEM, TITLE);
    // The page's own script appends cards, as YouTube does when the user scrolls.
    await appendCards(tab, ['Cooking pasta at home', 'Phoenix LiveView deep dive going global', 'Garden tour in spring'], 'appended00');
    await expect.poll(async () => (await listTitles(tab, ITEM, TITLE)).slice(19)).toContain('Phoenix LiveView deep dive going global');
    await expect.poll(async () => (await listTitles(tab, ITEM, TITLE)).slice(19)[0]).toBe('Phoenix LiveView deep dive going global');
    expect((await listTitles(tab, ITEM, TITLE)).slice(0, 19)).toEqual(before);
    await tab.close();
  });

  it('keeps ranking after Chrome stopped the idle service worker (the page reconnects to the new one)', async () => {
    const tab = await rankedTab();
    const before = await listTitles(tab, ITEM, TITLE);
    const cdp = await run.context.newCDPSession(tab);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await tab.waitForTimeout(500);
    await appendCards(tab, ['Knitting a winter scarf', 'Phoenix LiveView going global in production', 'Garden hose review'], 'afterstop00');
    await expect.poll(async () => (await listTitles(tab, ITEM, TITLE)).slice(19)[0], { timeout: 15_000 }).toBe('Phoenix LiveView going global in production');
    expect((await listTitles(tab, ITEM, TITLE)).slice(0, 19)).toEqual(before);
    await tab.close();
  });

  it('records a click on a ranked item, and the next ranking reflects it', async () => {
    // Items already seen are demoted by default; neutral here, so the click's own pull is visible.
    await ext(popup, 'settings.patch', { seen: 'neutral' });
    const tab = await rankedTab();
    const first = await listTitles(tab, ITEM, TITLE);
    const i = first.length - 1;
    const target = first[i]!;
    await tab.locator(ITEM).nth(i).locator('#video-title').click();
    await expect.poll(async () => (await ext<{ title: string; kind: string }[]>(popup, 'history.list', { kind: 'click' })).map((e) => e.title)).toContain(target);
    const again = await rankedTab();
    const next = await listTitles(again, ITEM, TITLE);
    expect(next.indexOf(target)).toBeLessThan(i);
    await ext(popup, 'settings.patch', { seen: 'demote' });
    await tab.close();
    await again.close();
  });

  it('re-ranks the new list after a single-page navigation', async () => {
    const tab = await rankedTab();
    await tab.evaluate(() => {
      history.pushState({}, '', '/watch?v=spanav00000');
      document.dispatchEvent(new CustomEvent('yt-navigate-finish'));
    });
    await expect.poll(() => tab.locator('[data-localrank-list]').count()).toBe(1);
    expect(await tab.evaluate(() => location.search)).toBe('?v=spanav00000');
    await tab.close();
  });

  it('follows steering typed in plain words in the popup', async () => {
    const mean = (l: string[]) => l.flatMap((t, i) => (/keynote/i.test(t) ? [i] : [])).reduce((a, b, _, all) => a + b / all.length, 0);
    const before = await rankedTab();
    const was = mean(await listTitles(before, ITEM, TITLE));
    await before.close();
    const p = await run.openPopup();
    await p.getByLabel('Steer the ranking in plain words').fill('less keynote');
    await p.getByLabel('Steer the ranking in plain words').press('Enter');
    await p.getByText('− keynote').waitFor();
    await p.close();
    const after = await rankedTab();
    expect(mean(await listTitles(after, ITEM, TITLE))).toBeGreaterThan(was + 1);
    await after.close();
  });

  it('made no network request from any extension context', () => {
    expect(run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')))).toEqual([]);
    expect(server.fromExtensions()).toEqual([]);
  });
});
