import { defineContentScript } from 'wxt/utils/define-content-script';
import { siteForUrl } from '../src/adapters/registry';
import { startRecorder } from '../src/adapters/recorder';
import { send } from '../src/messaging/client';

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
    startRecorder(siteForUrl(new URL(location.href)), send, controller.signal);
  },
});
