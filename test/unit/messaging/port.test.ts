import { describe, expect, it } from 'vitest';
import { portSender } from '../../../src/messaging/port-client';
import { createPortListener, PAGE_PORT } from '../../../src/messaging/router';
import type { Handlers, PortLike, Sender, SenderPolicy } from '../../../src/messaging/router';

/** One end of a fake runtime port: messages are cloned and delivered in a later microtask, as a browser does. */
class End implements PortLike {
  other!: End;
  readonly got: ((m: unknown) => void)[] = [];
  readonly closed: (() => void)[] = [];
  posted = 0;
  constructor(readonly name: string, readonly sender?: Sender) {}
  onMessage = { addListener: (cb: (m: unknown) => void) => void this.got.push(cb) };
  onDisconnect = { addListener: (cb: () => void) => void this.closed.push(cb) };
  postMessage(m: unknown): void {
    this.posted++;
    const copy = structuredClone(m);
    queueMicrotask(() => this.other.got.forEach((cb) => cb(copy)));
  }
  /** Closes the port: only the other end hears of it (as with runtime ports). */
  disconnect(): void {
    queueMicrotask(() => this.other.closed.forEach((cb) => cb()));
  }
}

const policy: SenderPolicy = { extensionId: 'ext', extensionBase: 'chrome-extension://ext/', pageAllowed: async (u) => u.host === 'shop.example' };
const page: Sender = { id: 'ext', url: 'https://shop.example/list', tab: { id: 7 }, frameId: 0 };
const handlers = {
  'page.cancel': async ({ lists }: { lists: string[] }, s: Sender) => ({ cancelled: lists.length * 10 + (s.tab?.id ?? 0) }),
  'page.report': async () => {
    throw new Error('report store is full');
  },
} as unknown as Handlers;

function setup(sender: Sender = page) {
  const ends: End[] = [];
  const onConnect = createPortListener(handlers, policy);
  const connect = () => {
    const client = new End(PAGE_PORT);
    const bg = new End(PAGE_PORT, sender);
    client.other = bg;
    bg.other = client;
    onConnect(bg);
    ends.push(client);
    return client;
  };
  const once: string[] = [];
  const fallback = (async (verb: string) => (once.push(verb), { cancelled: -1 })) as never;
  const win = new EventTarget();
  const send = portSender(connect, fallback, win as never);
  return { send, ends, once, win };
}

describe('page messages over one port', () => {
  it('answers each request with its own reply, over one port, with the sender the browser set on the port', async () => {
    const s = setup();
    const [a, b] = await Promise.all([s.send('page.cancel', { lists: ['x'] }), s.send('page.cancel', { lists: ['x', 'y', 'z'] })]);
    expect(a).toEqual({ cancelled: 17 });
    expect(b).toEqual({ cancelled: 37 });
    expect(s.ends).toHaveLength(1);
    expect(s.ends[0]!.posted).toBe(2);
    expect(s.once).toEqual([]);
  });

  it('turns a handler error into a rejection, and refuses a page whose site is not enabled', async () => {
    await expect(setup().send('page.report', {} as never)).rejects.toThrow('report store is full');
    await expect(setup({ ...page, url: 'https://other.example/' }).send('page.cancel', { lists: [] })).rejects.toThrow(/Refused: site is not enabled/);
    await expect(setup({ ...page, frameId: 3 }).send('page.cancel', { lists: [] })).rejects.toThrow(/not from a top-level tab/);
  });

  it('sends what was waiting once more by message when the background goes away, and reconnects for the next', async () => {
    const s = setup();
    await s.send('page.cancel', { lists: [] });
    // The background stops (Chrome stops an idle service worker): its end closes.
    const waiting = s.send('page.cancel', { lists: ['x'] });
    s.ends[0]!.other.got.length = 0; // the stopped background never answers
    s.ends[0]!.other.disconnect();
    await expect(waiting).resolves.toEqual({ cancelled: -1 });
    expect(s.once).toEqual(['page.cancel']);
    expect(await s.send('page.cancel', { lists: ['x'] })).toEqual({ cancelled: 17 });
    expect(s.ends).toHaveLength(2);
  });

  it('holds no port while the page is in the back/forward cache, and uses one again when it is shown', async () => {
    const s = setup();
    await s.send('page.cancel', { lists: [] });
    let closed = 0;
    s.ends[0]!.other.onDisconnect.addListener(() => closed++);
    const waiting = s.send('page.cancel', { lists: ['x'] }); // the background has it already
    s.win.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
    await expect(waiting).rejects.toThrow(/hidden/);
    await Promise.resolve();
    expect(closed).toBe(1);
    expect(s.once).toEqual([]); // not sent a second time
    expect(await s.send('page.cancel', { lists: ['x'] })).toEqual({ cancelled: -1 }); // by message
    expect(s.ends).toHaveLength(1);
    s.win.dispatchEvent(new Event('pageshow'));
    expect(await s.send('page.cancel', { lists: ['x'] })).toEqual({ cancelled: 17 });
    expect(s.ends).toHaveLength(2);
  });

  it('sends a request the port cannot carry by message, and keeps the port for the others', async () => {
    const s = setup();
    await s.send('page.cancel', { lists: [] });
    const port = s.ends[0]!;
    const post = port.postMessage.bind(port);
    let refuse = true;
    port.postMessage = (m: unknown) => {
      if (refuse) {
        refuse = false;
        throw new DOMException('could not be cloned', 'DataCloneError');
      }
      post(m);
    };
    expect(await s.send('page.cancel', { lists: ['x'] })).toEqual({ cancelled: -1 }); // by message
    expect(await s.send('page.cancel', { lists: ['x'] })).toEqual({ cancelled: 17 }); // same port
    expect(s.ends).toHaveLength(1);
    expect(s.once).toEqual(['page.cancel']);
  });

  it('ignores port messages that are not requests, and ports of other names', async () => {
    const bg = new End('someone-else', page);
    const client = new End('someone-else');
    bg.other = client;
    client.other = bg;
    createPortListener(handlers, policy)(bg);
    expect(bg.got).toHaveLength(0);
    const s = setup();
    await s.send('page.cancel', { lists: [] });
    const server = s.ends[0]!.other;
    server.got.forEach((cb) => cb({ envelope: { lr: 1, verb: 'page.cancel', payload: { lists: [] } } })); // no id
    server.got.forEach((cb) => cb(null));
    await Promise.resolve();
    expect(s.ends[0]!.other.posted).toBe(1); // only the one real reply
  });
});
