import { describe, expect, it, vi } from 'vitest';
import { authorize, createListener } from '../../../src/messaging/router';
import type { Handlers, Sender, SenderPolicy } from '../../../src/messaging/router';
import type { Verb } from '../../../src/messaging/protocol';

const policy: SenderPolicy = {
  extensionId: 'our-id',
  extensionBase: 'chrome-extension://our-id/',
  pageAllowed: async (u) => u.hostname === 'www.youtube.com',
};
const contentOnYouTube: Sender = { id: 'our-id', url: 'https://www.youtube.com/watch?v=abcdefgh', tab: { id: 3 }, frameId: 0 };
const popup: Sender = { id: 'our-id', url: 'chrome-extension://our-id/popup.html' };

describe('authorize', () => {
  it.each<[string, Verb, Sender, RegExp | undefined]>([
    ['our content script on an enabled site', 'page.record', contentOnYouTube, undefined],
    ['our popup reading history', 'history.list', popup, undefined],
    ['another extension', 'page.record', { ...contentOnYouTube, id: 'evil' }, /another extension/],
    ['a disabled site', 'page.record', { ...contentOnYouTube, url: 'https://www.amazon.com/dp/B000000001' }, /not enabled/],
    ['a sub-frame', 'page.record', { ...contentOnYouTube, frameId: 7 }, /top-level/],
    ['no tab', 'page.record', { id: 'our-id', url: 'https://www.youtube.com/' }, /top-level/],
    ['a content script asking for history', 'history.export', contentOnYouTube, /only extension pages/],
    ['a content script clearing history', 'history.clearAll', contentOnYouTube, /only extension pages/],
    ['a page on a lookalike extension URL', 'history.list', { id: 'our-id', url: 'chrome-extension://other/popup.html' }, /only extension pages/],
    ['no URL', 'history.list', { id: 'our-id' }, /without a sender URL/],
    ['an extension page posing as a page', 'page.record', { ...popup, tab: { id: 1 } }, /not from a web page/],
  ])('%s', async (_name, verb, sender, refusal) => {
    const out = await authorize(verb, sender, policy);
    if (refusal) expect(out).toMatch(refusal);
    else expect(out).toBeUndefined();
  });
});

describe('createListener', () => {
  const handlers = {
    'history.clearAll': vi.fn(async () => ({ deleted: 3 })),
    'history.list': vi.fn(async () => {
      throw new Error('boom');
    }),
  } as unknown as Handlers;
  const listen = createListener(handlers, policy);

  it('ignores messages that are not ours, so other listeners still answer', () => {
    expect(listen({ type: 'something-else' }, popup)).toBeUndefined();
    expect(listen({ lr: 1, verb: 'no.such.verb', payload: {} }, popup)).toBeUndefined();
  });

  it('answers an allowed verb and refuses a forbidden sender without calling the handler', async () => {
    await expect(listen({ lr: 1, verb: 'history.clearAll', payload: {} }, popup)).resolves.toEqual({ ok: true, value: { deleted: 3 } });
    await expect(listen({ lr: 1, verb: 'history.clearAll', payload: {} }, contentOnYouTube)).resolves.toEqual({
      ok: false,
      error: expect.stringMatching(/^Refused: only extension pages/),
    });
    expect(handlers['history.clearAll']).toHaveBeenCalledTimes(1);
  });

  it('returns handler errors as data', async () => {
    await expect(listen({ lr: 1, verb: 'history.list', payload: {} }, popup)).resolves.toEqual({ ok: false, error: 'boom' });
  });
});
