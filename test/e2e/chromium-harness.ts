/// <reference types="chrome" />
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page, Request, Worker } from 'playwright-core';

export const CHROME_BUILD = resolve('.output/chrome-mv3');

export interface ExtRequest {
  url: string;
  from: string;
}

export interface ChromiumRun {
  context: BrowserContext;
  /** The X display (Xvfb) the browser runs on. */
  display: string;
  extensionId: string;
  extUrl: (path: string) => string;
  serviceWorker: () => Promise<Worker>;
  /** Requests made by any extension context (service worker, popup, options, offscreen, workers). */
  extensionRequests: ExtRequest[];
  /** The popup page, in a tab; `tabId` makes it about that tab (as the toolbar popup is about the active tab). */
  openPopup: (tabId?: number) => Promise<Page>;
  /**
   * Open the real toolbar popup for `page` with the extension's keyboard shortcut (Alt+Shift+L),
   * which, like a click on the icon, grants activeTab; the popup focuses this site's switch, so
   * `key('space')` then toggles it. The popup is browser UI: drive it with keys.
   */
  openActionPopup: (page: Page) => Promise<void>;
  /** A picture of the whole virtual screen, browser UI included (for looking at failures). */
  screenshot: (path: string) => void;
  /** Press keys in the browser window (xdotool names: 'space', 'Tab', 'Return', 'Escape'). */
  key: (...keys: string[]) => void;
  /** Id of the tab showing `page` (from the extension's side). */
  tabIdOf: (page: Page) => Promise<number>;
  /** Reload the extension as an update would, and wait for its new service worker. */
  reloadExtension: () => Promise<void>;
  /**
   * Answer Chromium's own permission prompt as a user would, with the keyboard (the prompt is
   * browser UI, out of reach of page automation): Deny has the focus, Tab moves to Allow.
   */
  answerPrompt: (allow: boolean) => Promise<void>;
  close: () => Promise<void>;
}

/** Start Xvfb on a free display; a headed browser there shows real prompts that xdotool can answer. */
async function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  const proc = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const n = await new Promise<string>((resolve, reject) => {
    proc.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    proc.once('exit', () => reject(new Error('Xvfb did not start (apt-get install xvfb)')));
  });
  return { display: `:${n}`, proc };
}

/**
 * Debian Chromium in new headless mode with the built extension. All HTTP goes to `proxyPort`
 * (the test's SiteServer); Chromium's own background traffic is switched off.
 */
export async function launchChromium(opts: { proxyPort: number; extensionDir?: string; args?: string[] }): Promise<ChromiumRun> {
  const ext = opts.extensionDir ?? CHROME_BUILD;
  if (!existsSync(join(ext, 'manifest.json'))) throw new Error(`No built extension at ${ext}: run \`npm run build\` first.`);
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const profile = mkdtempSync(join(tmpdir(), 'lr-chromium-'));
  // Headed under Xvfb so the browser's own permission prompt exists and can be answered.
  const x = await startXvfb();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: false,
    env: { ...process.env, DISPLAY: x.display },
    args: [
      `--disable-extensions-except=${ext}`,
      `--load-extension=${ext}`,
      `--proxy-server=http://127.0.0.1:${opts.proxyPort}`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--no-first-run',
      '--disable-features=OptimizationHints,MediaRouter,Translate,TranslateUI',
      ...(opts.args ?? []),
    ],
  });
  // The newest worker of ours (after a reload the old one may still be listed).
  const serviceWorker = async () =>
    context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://')).at(-1) ?? context.waitForEvent('serviceworker');
  const extensionId = new URL((await serviceWorker()).url()).host;
  const base = `chrome-extension://${extensionId}/`;
  const extensionRequests: ExtRequest[] = [];
  context.on('request', (r: Request) => {
    const from = requestOrigin(r);
    if (from.startsWith(base)) extensionRequests.push({ url: r.url(), from });
  });
  const openPopup = async (tabId?: number) => {
    const p = await context.newPage();
    await p.goto(base + 'popup.html' + (tabId === undefined ? '' : `?tab=${tabId}`));
    await p.locator('h1').waitFor();
    return p;
  };
  const reloadExtension = async () => {
    // As the Reload button of chrome://extensions does. Chromium disables a command-line-loaded
    // extension on reload unless developer mode is on, as it is for anyone loading it unpacked.
    const p = await context.newPage();
    await p.goto('chrome://extensions/');
    await p.evaluate(async (id) => {
      const dp = (globalThis as unknown as { chrome: { developerPrivate: {
        updateProfileConfiguration: (c: object) => Promise<void>; reload: (id: string, o: object) => Promise<void> } } }).chrome.developerPrivate;
      await dp.updateProfileConfiguration({ inDeveloperMode: true });
      await dp.reload(id, { failQuietly: false });
    }, extensionId);
    await p.close();
    for (let i = 0; i < 80; i++) {
      const q = await context.newPage();
      const ok = await q.goto(base + 'popup.html').then(() => true, () => false);
      await q.close();
      if (ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('extension did not come back after reload');
  };
  const tabIdOf = async (page: Page) => {
    await page.bringToFront();
    const id = await (await serviceWorker()).evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id ?? -1);
    if (id < 0) throw new Error('no active tab');
    return id;
  };
  const key = (...keys: string[]) => void execFileSync('xdotool', ['key', '--delay', '150', ...keys], { env: { ...process.env, DISPLAY: x.display } });
  const answerPrompt = async (allow: boolean) => {
    await new Promise((r) => setTimeout(r, 1000));
    key(...(allow ? ['Tab'] : []), 'Return');
  };
  const screenshot = (path: string) => void execFileSync('import', ['-window', 'root', path], { env: { ...process.env, DISPLAY: x.display } });
  const openActionPopup = async (page: Page) => {
    await page.bringToFront();
    key('alt+shift+l');
    await new Promise((r) => setTimeout(r, 1200));
  };
  return {
    context, display: x.display, extensionId, extUrl: (path) => base + path.replace(/^\//, ''), serviceWorker, extensionRequests, openPopup, openActionPopup, key, screenshot, tabIdOf, reloadExtension, answerPrompt,
    close: async () => {
      await context.close();
      x.proc.kill();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function requestOrigin(r: Request): string {
  const sw = r.serviceWorker();
  if (sw) return sw.url();
  try {
    return r.frame().url();
  } catch {
    return '';
  }
}
