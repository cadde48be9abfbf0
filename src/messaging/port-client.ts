import { browser } from 'wxt/browser';
import { send as sendOnce } from './client';
import type { Reply, Req, Res, Verb } from './protocol';
import { PAGE_PORT } from './router';
import type { PortLike } from './router';

type Sender = <V extends Verb>(verb: V, payload: Req<V>) => Promise<Res<V>>;

interface Waiting {
  readonly verb: Verb;
  readonly payload: unknown;
  readonly resolve: (v: never) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * The content script's messages to the background over one long-lived port, opened on the first
 * message and again after the background restarted (Chrome stops an idle service worker, which
 * closes the port). Requests still waiting when the port closes are sent once more with
 * runtime.sendMessage, as is everything when no port can be opened. The port is closed when the
 * page is hidden into the back/forward cache, so that it never keeps a page out of that cache.
 */
export function portSender(
  connect: () => PortLike = () => browser.runtime.connect({ name: PAGE_PORT }),
  fallback: Sender = sendOnce,
  win: Pick<Window, 'addEventListener'> | undefined = typeof window === 'undefined' ? undefined : window,
): Sender {
  let port: PortLike | undefined;
  let next = 1;
  const waiting = new Map<number, Waiting>();
  const retry = (w: Waiting) => (fallback as (v: Verb, p: unknown) => Promise<never>)(w.verb, w.payload).then(w.resolve, w.reject);

  const open = (): PortLike => {
    const p = connect();
    p.onMessage.addListener((msg) => {
      const { id, reply } = (msg ?? {}) as { id?: number; reply?: Reply<Verb> };
      const w = id === undefined ? undefined : waiting.get(id);
      if (!w || !reply) return;
      waiting.delete(id!);
      if (reply.ok) w.resolve(reply.value as never);
      else w.reject(new Error(reply.error));
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = undefined;
      const left = [...waiting.values()];
      waiting.clear();
      left.forEach(retry);
    });
    return p;
  };

  // Hidden into the back/forward cache: no port (one message each, e.g. the dwell time sent on
  // pagehide) until the page is shown again.
  let cached = false;
  win?.addEventListener('pagehide', (e) => {
    if (!(e as PageTransitionEvent).persisted) return;
    cached = true;
    const p = port;
    port = undefined;
    p?.disconnect(); // our own disconnect fires no onDisconnect here: answer what is waiting by message
    const left = [...waiting.values()];
    waiting.clear();
    left.forEach(retry);
  });
  win?.addEventListener('pageshow', () => (cached = false));

  return <V extends Verb>(verb: V, payload: Req<V>): Promise<Res<V>> =>
    new Promise<Res<V>>((resolve, reject) => {
      const w: Waiting = { verb, payload, resolve: resolve as (v: never) => void, reject };
      if (cached) return void retry(w);
      try {
        port ??= open();
        const id = next++;
        waiting.set(id, w);
        port.postMessage({ id, envelope: { lr: 1, verb, payload } });
      } catch {
        // No port (e.g. this browser refused it, or it closed between two messages): one message.
        port = undefined;
        for (const [id, x] of waiting) if (x === w) waiting.delete(id);
        retry(w);
      }
    });
}
