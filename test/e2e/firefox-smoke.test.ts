/**
 * Firefox smoke test: the built extension (`npx wxt build -b firefox --mv3`) in headless Firefox
 * ESR, a fake www.youtube.com served by a local HTTP proxy, the site switched on through the
 * extension's own message verbs, and a video page view recorded in history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXTENSION_DIR, launchFirefox, waitFor } from './firefox-harness';
import { SiteServer } from './site-server';
import type { ExtensionGlobal, FirefoxSession } from './firefox-harness';

const VIDEO_URL = 'http://www.youtube.com/watch?v=abcdefghijk';
const VIDEO_TITLE = 'Firefox test video';
const YOUTUBE_ORIGINS = ['*://www.youtube.com/*', '*://m.youtube.com/*'];

/** The local network stand-in: a tiny video page for www.youtube.com, every request recorded. */
async function startProxy(): Promise<SiteServer> {
  const server = await new SiteServer().start();
  return server.route('www.youtube.com', (url) =>
    url.pathname === '/favicon.ico'
      ? { status: 404, body: '' }
      : {
          body:
            '<!doctype html><html><head><meta charset="utf-8">' +
            `<meta property="og:title" content="${VIDEO_TITLE}">` +
            '<meta property="og:type" content="video.other">' +
            '<title>Firefox test video - YouTube</title></head>' +
            '<body><h1>Firefox test video</h1></body></html>',
        },
  );
}

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

describe('Firefox ESR: extension records a YouTube video view', () => {
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  let ff: FirefoxSession | undefined;
  const t0 = Date.now();

  /** Send one LocalRank envelope from the extension page and return the raw reply. */
  const sendVerb = <T>(verb: string, payload: unknown) =>
    ff!.evalInExtension(
      (v: string, p: unknown) => (globalThis as unknown as ExtensionGlobal).browser.runtime.sendMessage({ lr: 1, verb: v, payload: p }),
      verb,
      payload,
    ) as Promise<Reply<T>>;

  beforeAll(async () => {
    proxy = await startProxy();
    ff = await launchFirefox({ extensionDir: DEFAULT_EXTENSION_DIR, proxyPort: proxy.port });
  }, 60_000);

  afterAll(async () => {
    if (process.env.FIREFOX_LOG === '1' && ff) console.log(ff.logs().join('\n'));
    await ff?.close();
    await proxy?.close();
    console.log(`firefox-smoke: ${Date.now() - t0} ms`);
  }, 30_000);

  it('installs the extension with the pinned UUID and opens an extension page', async () => {
    expect(ff!.extensionId).toBe('localrank@localrank.dev');
    const href = await ff!.evalInExtension(() => location.href);
    expect(href).toBe(ff!.extensionUrl('popup.html'));
  });

  it('grants the YouTube host permission from a user gesture in the extension page', async () => {
    // sites.set checks every match pattern of the site (www. and m.youtube.com).
    expect(await ff!.grantOrigins(YOUTUBE_ORIGINS)).toBe(true);
    const has = await ff!.evalInExtension(
      (o: string[]) => (globalThis as unknown as ExtensionGlobal).browser.permissions.contains({ origins: o }),
      ['*://www.youtube.com/*'],
    );
    expect(has).toBe(true);
  });

  it('switches YouTube on through the sites.set verb', async () => {
    const reply = await sendVerb<Array<{ id: string; enabled: boolean }>>('sites.set', { id: 'youtube', enabled: true });
    expect(reply, JSON.stringify(reply)).toMatchObject({ ok: true });
    if (!reply.ok) return;
    expect(reply.value.find((s) => s.id === 'youtube')).toMatchObject({ enabled: true });
    const registered = await ff!.evalInExtension(async () =>
      (await (globalThis as unknown as ExtensionGlobal).browser.scripting.getRegisteredContentScripts()).map((r) => ({
        id: r.id,
        js: r.js,
        matches: r.matches,
      })),
    );
    expect(registered.map((r) => r.id)).toContain('lr-youtube');
  });

  it('records a view of a video page served through the proxy', async () => {
    const page = await ff!.openTab(VIDEO_URL, 15_000);
    expect(await page.title()).toBe('Firefox test video - YouTube');
    expect(proxy!.requests.some((r) => r.host === 'www.youtube.com' && r.url.includes('/watch?v=abcdefghijk'))).toBe(true);

    type Ev = { kind: string; title: string; url: string; site: string };
    const events = await waitFor(
      async () => {
        const r = await sendVerb<Ev[]>('history.list', {});
        return r.ok && r.value.some((e) => e.kind === 'view' && e.title === VIDEO_TITLE) ? r.value : undefined;
      },
      10_000,
      'a view event in history.list',
      250,
    ).catch(async (e: unknown) => {
      const last = await sendVerb<Ev[]>('history.list', {});
      const logs = ff!.logs().filter((l) => /LocalRank|moz-extension|content\.js|Error/i.test(l));
      throw new Error(`${String(e)}\nlast history.list: ${JSON.stringify(last)}\nFirefox log:\n${logs.slice(-40).join('\n')}`);
    });
    expect(events).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'view', title: VIDEO_TITLE, site: 'youtube' })]),
    );
    await page.close();
  });

  it('sent no traffic to other hosts through the proxy (quiet profile)', () => {
    const others = proxy!.requests.filter((r) => r.host !== 'www.youtube.com');
    expect(others, JSON.stringify(others)).toEqual([]);
  });
});
