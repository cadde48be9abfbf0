/**
 * Firefox end-to-end harness: Debian `firefox-esr` driven by `puppeteer-core` over WebDriver BiDi,
 * headless, with a fresh profile and the built extension (`.output/firefox-mv3`) installed
 * temporarily.
 *
 * What this harness relies on (checked on Firefox ESR 153.7 with puppeteer-core 24.43.1):
 * - `browser.installExtension(dir)` (BiDi `webExtension.install`, path form) installs the unpacked
 *   build temporarily and returns the gecko id.
 * - The pref `extensions.webextensions.uuids` pins the moz-extension UUID, so page URLs are known
 *   before install.
 * - BiDi refuses `browsingContext.navigate` to moz-extension:// URLs unless Firefox runs with
 *   `--remote-allow-system-access` ("unsupported operation: Navigation to "moz-extension://…" is not
 *   allowed in this context"). With the flag the navigation happens, but Firefox never reports it
 *   as finished, so `page.goto()` times out. This harness therefore navigates with `wait: "none"`
 *   and then polls the document itself. `window.open()` from a web page is refused
 *   ("Access to 'moz-extension://…' from script denied"): the extension has no web-accessible pages.
 * - Real site hosts such as www.youtube.com are HSTS-preloaded: http:// URLs to them are upgraded
 *   to https:// (not proxied, so NS_ERROR_UNKNOWN_HOST) unless
 *   `network.stricttransportsecurity.preloadlist` is false, which {@link quietPrefs} sets.
 * - `permissions.request()` still needs user input even with
 *   `extensions.webextOptionalPermissionPrompts=false` ("permissions.request may only be called
 *   from a user input handler"). The pref only skips the doorhanger. A trusted puppeteer click on a
 *   button injected into the extension page counts as user input: see {@link FirefoxSession.withUserGesture}.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';
import type { WxtBrowser } from 'wxt/browser';

/** Gecko id of the extension (wxt.config.ts, `browser_specific_settings.gecko.id`). */
export const GECKO_ID = 'localrank@localrank.dev';

/** The moz-extension UUID this harness pins by default. */
export const DEFAULT_UUID = '4c6f6361-6c52-4e6b-8e2e-6669726566ff';

/** Where Debian installs Firefox ESR. Override with `FIREFOX_BIN`. */
export const FIREFOX_BIN = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';

/** The built Firefox extension, relative to the repository root. */
export const DEFAULT_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3');

/** A Firefox preference value. */
export type PrefValue = string | number | boolean;

/**
 * The global scope of an extension page, for typing functions passed to
 * {@link FirefoxSession.evalInExtension}: `(globalThis as unknown as ExtensionGlobal).browser`.
 */
export interface ExtensionGlobal {
  browser: WxtBrowser;
}

/** Options of {@link launchFirefox}. */
export interface LaunchOptions {
  /** Unpacked extension directory (with manifest.json), e.g. {@link DEFAULT_EXTENSION_DIR}. */
  extensionDir: string;
  /** Send every http:// request to an HTTP proxy on 127.0.0.1 at this port (https is not proxied). */
  proxyPort?: number;
  /** Extra prefs; they override the harness's own. */
  prefs?: Record<string, PrefValue>;
  /** moz-extension UUID to pin; default {@link DEFAULT_UUID}. */
  uuid?: string;
  /** Firefox binary; default {@link FIREFOX_BIN}. */
  executablePath?: string;
  /** Default true. Headful needs a display. */
  headless?: boolean;
  /** Also echo Firefox's stdout/stderr to this process's stderr (default: env `FIREFOX_DUMPIO=1`). */
  echoLogs?: boolean;
  /** Launch timeout in ms (default 30 000). */
  timeoutMs?: number;
}

/** A running Firefox with the extension installed. */
export interface FirefoxSession {
  browser: Browser;
  /** Add-on id as Firefox reports it (the gecko id). */
  extensionId: string;
  /** The pinned moz-extension UUID (host part of extension URLs). */
  uuid: string;
  /** `moz-extension://<uuid>/<path>`; `path` may start with a slash. */
  extensionUrl(path?: string): string;
  /**
   * Open an extension page (default `popup.html`) in a new tab and wait until its document is
   * complete. `page.url()` of the returned page may still say `about:blank`: puppeteer does not see
   * this navigation finish. Evaluate `location.href` instead.
   */
  openExtensionPage(path?: string): Promise<Page>;
  /** The shared extension page used by {@link evalInExtension}; opened on first use. */
  extensionPage(): Promise<Page>;
  /**
   * Run `fn(...args)` inside the extension page (extension origin, full `browser.*` API) and return
   * its (awaited) result. `fn` is serialised: it cannot close over Node variables; pass data
   * through `args` (JSON-serialisable).
   */
  evalInExtension<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>>;
  /**
   * Run `fn(...args)` inside a trusted click handler in the extension page, for APIs that need user
   * input (`permissions.request`). `fn` must call such an API synchronously, before any `await`.
   * Rejections of `fn` are rethrown here.
   */
  withUserGesture<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>>;
  /** Ask for host permissions from a user gesture; resolves to `permissions.request`'s answer. */
  grantOrigins(origins: string[]): Promise<boolean>;
  /** Open `url` in a new tab and wait for its load event. */
  openTab(url: string, timeoutMs?: number): Promise<Page>;
  /** Firefox's stdout and stderr so far (browser console messages included), one entry per line. */
  logs(): string[];
  /** Close Firefox (its temporary profile is deleted). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Prefs for a quiet, offline, deterministic browser: no telemetry or data reporting, no app, add-on
 * or system add-on updates, no captive-portal or connectivity probes, no Remote Settings / Normandy
 * / Nimbus, no Safe Browsing, no DoH, no push, no prefetching, no HTTPS-First upgrade of the test
 * sites' http:// URLs. puppeteer's own defaults (`@puppeteer/browsers` firefox.js) come underneath.
 */
export function quietPrefs(): Record<string, PrefValue> {
  return {
    // Telemetry and data reporting.
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.archive.enabled': false,
    'toolkit.telemetry.server': 'data:,',
    'toolkit.telemetry.newProfilePing.enabled': false,
    'toolkit.telemetry.shutdownPingSender.enabled': false,
    'toolkit.telemetry.firstShutdownPing.enabled': false,
    'toolkit.telemetry.updatePing.enabled': false,
    'toolkit.telemetry.bhrPing.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.usage.uploadEnabled': false,
    'browser.ping-centre.telemetry': false,
    'browser.newtabpage.activity-stream.feeds.telemetry': false,
    'browser.newtabpage.activity-stream.telemetry': false,
    'browser.newtabpage.activity-stream.feeds.section.topstories': false,
    'browser.newtabpage.activity-stream.showSponsored': false,
    'browser.newtabpage.activity-stream.showSponsoredTopSites': false,
    'browser.topsites.contile.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'app.normandy.enabled': false,
    'app.normandy.api_url': '',
    'messaging-system.rsexperimentloader.enabled': false,
    'nimbus.profilesdatastoreservice.enabled': false,
    'browser.discovery.enabled': false,
    'extensions.getAddons.showPane': false,
    'extensions.htmlaboutaddons.recommendations.enabled': false,
    // Updates.
    'app.update.auto': false,
    'app.update.disabledForTesting': true,
    'app.update.checkInstallTime': false,
    'app.update.staging.enabled': false,
    'extensions.update.enabled': false,
    'extensions.update.autoUpdateDefault': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.systemAddon.update.url': '',
    'extensions.blocklist.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'browser.search.update': false,
    'media.gmp-manager.updateEnabled': false,
    'media.gmp-manager.url': 'data:,',
    'media.gmp-gmpopenh264.enabled': false,
    // Connectivity and captive portal probes.
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'captivedetect.canonicalURL': '',
    'network.manage-offline-status': false,
    // Remote Settings (Mozilla's own test profile points it at a dummy data: URL).
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'security.remote_settings.crlite_filters.enabled': false,
    'security.remote_settings.intermediates.enabled': false,
    'security.OCSP.enabled': 0,
    // Safe Browsing, including download checks.
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.downloads.remote.url': '',
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.google4.gethashURL': '',
    'browser.safebrowsing.provider.google.updateURL': '',
    'browser.safebrowsing.provider.google.gethashURL': '',
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'browser.safebrowsing.provider.mozilla.gethashURL': '',
    // DNS over HTTPS, push, geolocation, prefetch and speculative connections.
    'network.trr.mode': 5,
    'doh-rollout.disable-heuristics': true,
    'dom.push.enabled': false,
    'dom.push.connection.enabled': false,
    'dom.push.serverURL': '',
    'geo.provider.network.url': '',
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.predictor.enabled': false,
    'network.http.speculative-parallel-limit': 0,
    'browser.urlbar.speculativeConnect.enabled': false,
    'browser.places.speculativeConnect.enabled': false,
    // First-run pages.
    'browser.aboutwelcome.enabled': false,
    'startup.homepage_welcome_url': 'about:blank',
    'startup.homepage_welcome_url.additional': '',
    'browser.startup.homepage_override.mstone': 'ignore',
    'trailhead.firstrun.didSeeAboutWelcome': true,
    // Test sites are served over http:// by a local proxy: no HTTPS-First / HTTPS-Only upgrade.
    'dom.security.https_first': false,
    'dom.security.https_first_pbm': false,
    'dom.security.https_first_schemeless': false,
    'dom.security.https_only_mode': false,
    // www.youtube.com (like most real shop/video hosts) is on the HSTS preload list: without this,
    // http://www.youtube.com/ is upgraded to https://, which is not proxied, and fails with
    // NS_ERROR_UNKNOWN_HOST before the proxy ever sees a request.
    'network.stricttransportsecurity.preloadlist': false,
    // Browser console (extension pages and background included) to stdout, for logs().
    'devtools.console.stdout.content': true,
    'devtools.console.stdout.chrome': true,
  };
}

/** Prefs that send every http:// request to an HTTP proxy on 127.0.0.1:`port`. */
export function proxyPrefs(port: number): Record<string, PrefValue> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': port,
    'network.proxy.share_proxy_settings': false,
    'network.proxy.allow_hijacking_localhost': false,
    'network.proxy.no_proxies_on': '',
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 10_000, what = 'condition', intervalMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** puppeteer-core's BiDi frame keeps its BiDi browsing context here (internal, but stable in 24.x). */
interface BidiFrameInternals {
  browsingContext?: { navigate(url: string, wait?: 'none' | 'interactive' | 'complete'): Promise<void> };
}

/**
 * Navigate `page` to `url` without waiting for puppeteer's navigation bookkeeping, which never
 * completes for moz-extension:// pages; then wait until the document is that URL and complete.
 */
async function navigateNoWait(page: Page, url: string, timeoutMs: number): Promise<void> {
  const ctx = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext;
  if (ctx && typeof ctx.navigate === 'function') {
    await ctx.navigate(url, 'none');
  } else {
    // Fallback if puppeteer's internals change: fire goto and ignore its eventual timeout.
    void page.goto(url, { timeout: timeoutMs }).catch(() => undefined);
  }
  await waitFor(
    () => page.evaluate((u) => location.href === u && document.readyState === 'complete', url),
    timeoutMs,
    `${url} to load`,
  );
}

/**
 * Launch headless Firefox ESR with a fresh temporary profile, quiet prefs, the moz-extension UUID
 * pinned, optionally an HTTP proxy, and install the unpacked extension temporarily.
 *
 * @example
 * const ff = await launchFirefox({ extensionDir: DEFAULT_EXTENSION_DIR, proxyPort: 8123 });
 * try {
 *   await ff.grantOrigins(['*://www.youtube.com/*']);
 *   const id = await ff.evalInExtension(() => (globalThis as unknown as ExtensionGlobal).browser.runtime.id);
 * } finally {
 *   await ff.close();
 * }
 */
export async function launchFirefox(options: LaunchOptions): Promise<FirefoxSession> {
  const extensionDir = resolve(options.extensionDir);
  if (!existsSync(resolve(extensionDir, 'manifest.json'))) {
    throw new Error(`No manifest.json in ${extensionDir}: build first (npx wxt build -b firefox --mv3)`);
  }
  const uuid = options.uuid ?? DEFAULT_UUID;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const echo = options.echoLogs ?? process.env.FIREFOX_DUMPIO === '1';
  const prefs: Record<string, PrefValue> = {
    ...quietPrefs(),
    ...(options.proxyPort !== undefined ? proxyPrefs(options.proxyPort) : {}),
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
    // Mozilla's test pref: optional permissions are granted without a doorhanger
    // (permissions.request() still needs user input: use withUserGesture / grantOrigins).
    'extensions.webextOptionalPermissionPrompts': false,
    ...options.prefs,
  };

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: options.executablePath ?? FIREFOX_BIN,
    headless: options.headless ?? true,
    // Without this, BiDi refuses to navigate to moz-extension:// URLs. It also lets BiDi reach
    // privileged contexts: acceptable for a throw-away test profile.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: prefs,
    timeout: timeoutMs,
    protocolTimeout: timeoutMs,
    // The harness owns the process: no signal handlers that outlive the test file.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });

  const lines: string[] = [];
  const proc = browser.process();
  for (const stream of [proc?.stdout, proc?.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const l of parts) {
        lines.push(l);
        if (echo) process.stderr.write(`[firefox] ${l}\n`);
      }
    });
  }

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.race([browser.close().catch(() => undefined), sleep(10_000)]);
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  };

  const extensionUrl = (path = '') => `moz-extension://${uuid}/${path.replace(/^\/+/, '')}`;

  let shared: Promise<Page> | undefined;
  try {
    const extensionId = await browser.installExtension(extensionDir);

    const openExtensionPage = async (path = 'popup.html') => {
      const page = await browser.newPage();
      await navigateNoWait(page, extensionUrl(path), timeoutMs);
      return page;
    };

    const extensionPage = () => {
      shared ??= openExtensionPage('popup.html');
      return shared;
    };

    const evalInExtension = async <A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>> => {
      const page = await extensionPage();
      return (await page.evaluate(fn as (...a: unknown[]) => R | Promise<R>, ...args)) as Awaited<R>;
    };

    const withUserGesture = async <A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>> => {
      const page = await extensionPage();
      const key = `__lrGesture_${randomUUID().replace(/-/g, '')}`;
      // Built as an expression: evaluated by BiDi, so the page's CSP (no eval) does not apply.
      const install = `(() => {
        const fn = (${fn.toString()});
        const args = ${JSON.stringify(args)};
        const b = document.createElement('button');
        b.id = ${JSON.stringify(key)};
        b.textContent = 'gesture';
        b.style.cssText = 'position:fixed;left:0;top:0;width:120px;height:40px;z-index:2147483647;opacity:1';
        b.addEventListener('click', () => {
          let out;
          try { out = Promise.resolve(fn(...args)); } catch (e) { out = Promise.reject(e); }
          globalThis[${JSON.stringify(key)}] = out.then(
            (value) => ({ ok: true, value }),
            (e) => ({ ok: false, error: e && e.message ? e.message : String(e) }),
          );
          b.remove();
        }, { once: true });
        document.body.append(b);
      })()`;
      await page.evaluate(install);
      await page.click(`#${key}`);
      const res = (await page.evaluate(
        async (k: string) => {
          const g = globalThis as unknown as Record<string, Promise<unknown> | undefined>;
          for (let i = 0; i < 100 && !g[k]; i++) await new Promise((r) => setTimeout(r, 20));
          const out = g[k];
          delete g[k];
          return out ? await out : { ok: false, error: 'the click did not reach the page' };
        },
        key,
      )) as { ok: true; value: Awaited<R> } | { ok: false; error: string };
      if (!res.ok) throw new Error(`In extension page (user gesture): ${res.error}`);
      return res.value;
    };

    const grantOrigins = (origins: string[]) =>
      withUserGesture((o: string[]) => (globalThis as unknown as ExtensionGlobal).browser.permissions.request({ origins: o }), origins);

    const openTab = async (url: string, navTimeout = timeoutMs) => {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: 'load', timeout: navTimeout });
      return page;
    };

    // The UUID pin took effect (else every extension URL above is wrong).
    const base = await evalInExtension(() => (globalThis as unknown as ExtensionGlobal).browser.runtime.getURL('/'));
    if (base !== extensionUrl('/')) {
      throw new Error(`moz-extension UUID not pinned: extension says ${base}, expected ${extensionUrl('/')}`);
    }

    return {
      browser,
      extensionId,
      uuid,
      extensionUrl,
      openExtensionPage,
      extensionPage,
      evalInExtension,
      withUserGesture,
      grantOrigins,
      openTab,
      logs: () => [...lines],
      close,
    };
  } catch (e) {
    await close();
    const tail = lines.slice(-40).join('\n');
    throw new Error(`${e instanceof Error ? e.message : String(e)}${tail ? `\n--- Firefox output (last lines) ---\n${tail}` : ''}`, {
      cause: e,
    });
  }
}
