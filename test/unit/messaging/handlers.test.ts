import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createHandlers } from '../../../src/messaging/handlers';
import type { HistoryStore } from '../../../src/history/store';
import { patchSettings } from '../../../src/settings/settings';

const sender = { id: fakeBrowser.runtime.id, url: 'https://www.youtube.com/watch?v=abcdefghijk', tab: { id: 1 }, frameId: 0 };

function storeThat(outcome: Awaited<ReturnType<HistoryStore['record']>>) {
  return { record: vi.fn(async () => outcome) } as unknown as HistoryStore;
}

describe('background handlers', () => {
  it('drops an event the store cannot take, keeps the reason and shows it in the status', async () => {
    const h = createHandlers(storeThat({ stored: false, reason: 'Storage is full (quota exceeded): the event was not recorded.' }));
    const out = await h['page.record']({ kind: 'view', url: sender.url, title: 't' }, sender);
    expect(out).toEqual({ stored: false, reason: expect.stringMatching(/quota/) });
    const status = await h['status.get']({}, sender);
    expect(status.lastError?.message).toMatch(/quota exceeded/);
  });

  it('records with the site taken from the sender, not from the message', async () => {
    const store = storeThat({ stored: true, event: {} as never, folded: false });
    await createHandlers(store)['page.record']({ kind: 'view', url: 'https://www.amazon.com/dp/B000000001', title: 't' }, sender);
    expect(store.record).toHaveBeenCalledWith(expect.objectContaining({ site: 'youtube' }));
  });

  it('stores nothing while recording is paused', async () => {
    await patchSettings({ paused: true });
    const store = storeThat({ stored: true, event: {} as never, folded: false });
    expect(await createHandlers(store)['page.record']({ kind: 'view', url: sender.url, title: 't' }, sender)).toEqual({ stored: false, reason: 'paused' });
    expect(store.record).not.toHaveBeenCalled();
  });
});
