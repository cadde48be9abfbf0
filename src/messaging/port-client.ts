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
 * closes the port). Requests still waiting when the background closes the port are sent once more
 * with runtime.sendMessage (it stops between messages, not while handling one), as is a request
 * the port cannot carry. The port is closed when the page is hidden into the back/forward cache,
 * so that it never keeps a page out of that cache; what was waiting then is not sent again (the
 * background already has it, and the answer could not reach a hidden page).
 */
export function portSender(
  connect: () => PortLike = () => browser.runtime.connect({ name: PAGE_PORT }),
  fallback: Sender = sendOnce,
  win: Pick<Window, 'addEventListener'> | undefined = typeof window === 'undefined' ? undefined : window,
): Sender {
  let current: { port: PortLike; waiting: Map<number, Waiting> } | undefined;
  let next = 1;
  const retry = (w: Waiting) => (fallback as (v: Verb, p: unknown) => Promise<never>)(w.verb, w.payload).then(w.resolve, w.reject);

  const open = (): { port: PortLike; waiting: Map<number, Waiting> } => {
    const port = connect();
    // Each port answers only its own requests.
    const waiting = new Map<number, Waiting>();
    const self = { port, waiting };
    port.onMessage.addListener((msg) => {
      const { id, reply } = (msg ?? {}) as { id?: number; reply?: Reply<Verb> };
      const w = id === undefined ? undefined : waiting.get(id);
      if (!w || !reply) return;
      waiting.delete(id!);
      if (reply.ok) w.resolve(reply.value as never);
      else w.reject(new Error(reply.error));
    });
    port.onDisconnect.addListener(() => {
      if (current === self) current = undefined;
      const left = [...waiting.values()];
      waiting.clear();
      left.forEach(retry);
    });
    return self;
  };

  // Hidden into the back/forward cache: no port (one message each, e.g. the dwell time sent on
  // pagehide) until the page is shown again.
  let cached = false;
  win?.addEventListener('pagehide', (e) => {
    if (!(e as PageTransitionEvent).persisted) return;
    cached = true;
    const c = current;
    current = undefined;
    if (!c) return;
    c.port.disconnect(); // our own disconnect fires no onDisconnect on this side
    const left = [...c.waiting.values()];
    c.waiting.clear();
    for (const w of left) w.reject(new Error('The page was hidden before the answer came.'));
  });
  win?.addEventListener('pageshow', () => (cached = false));

  return <V extends Verb>(verb: V, payload: Req<V>): Promise<Res<V>> =>
    new Promise<Res<V>>((resolve, reject) => {
      const w: Waiting = { verb, payload, resolve: resolve as (v: never) => void, reject };
      if (cached) return void retry(w);
      let c: { port: PortLike; waiting: Map<number, Waiting> };
      try {
        c = current ??= open();
      } catch {
        return void retry(w); // no port here (e.g. refused): one message
      }
      const id = next++;
      c.waiting.set(id, w);
      try {
        c.port.postMessage({ id, envelope: { lr: 1, verb, payload } });
      } catch {
        // This request could not go (a payload the port cannot clone, or a port closing as we
        // speak, whose onDisconnect follows): it alone goes by message; the port stays theirs.
        c.waiting.delete(id);
        retry(w);
      }
    });
}
