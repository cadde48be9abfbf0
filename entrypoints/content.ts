import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { genericAdapter } from '../src/adapters/generic';
import { siteForUrl, siteIdForUrl } from '../src/adapters/registry';
import { startRecorder } from '../src/adapters/recorder';
import { startRunner } from '../src/adapters/runner';
import { isSiteAdapter } from '../src/adapters/types';
import { portSender } from '../src/messaging/port-client';

const RUNNING = Symbol.for('localrank.content');

// Registered at run time, per site the user switched on (src/adapters/registration.ts).
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  main(ctx) {
    const g = globalThis as Record<symbol, unknown>;
    if (g[RUNNING]) return; // injected twice (registration + tabs open at switch-on)
    g[RUNNING] = true;
    const controller = new AbortController();
    ctx.onInvalidated(() => {
      controller.abort();
      g[RUNNING] = false;
    });
    const url = new URL(location.href);
    const site = siteForUrl(url);
    const quiet = <T>(p: Promise<T>) => void p.catch(() => undefined);
    const send = portSender();
    startRecorder(site, send, controller.signal);
    const runner = startRunner({
      adapter: site ? (isSiteAdapter(site) ? site : undefined) : genericAdapter,
      site: siteIdForUrl(url),
      rank: (lists, stage, signal) => {
        // A list that left the page: the background drops what is still queued for it.
        signal.addEventListener('abort', () => quiet(send('page.cancel', { lists: lists.map((l) => l.id) })), { once: true });
        return send('page.rank', { lists, stage });
      },
      record: (e) => quiet(send('page.record', e)),
      report: (r) => send('page.report', r).catch(() => undefined),
      signal: controller.signal,
    });
    browser.runtime.onMessage.addListener((msg: unknown, sender) => {
      const m = msg as { lrTab?: number; op?: string } | null;
      if (m?.lrTab !== 1 || sender.id !== browser.runtime.id || sender.tab) return undefined;
      if (m.op === 'report') return Promise.resolve({ report: runner.report() });
      return runner.showOriginal(m.op === 'original').then((report) => ({ report }));
    });
  },
});
