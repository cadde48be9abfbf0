/** The background's side of progressive ranking: tickets, items sent once, cancellation. */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { pageHandlers } from '../../../src/messaging/page-handlers';
import type { ProfileService, RankStage, StageOptions } from '../../../src/profile/profile-service';
import type { PageItem } from '../../../src/ranking';

const sender = { id: fakeBrowser.runtime.id, url: 'https://www.amazon.com/s?k=pan', tab: { id: 7 }, frameId: 0 };

/** A profile service whose final stage waits until released; records what each stage got. */
function fakeProfiles() {
  const calls: { stage: RankStage; titles: string[]; signal: AbortSignal | undefined }[] = [];
  let release: () => void = () => undefined;
  const embedded = new Promise<void>((r) => (release = r));
  const profiles = {
    async rankStage(items: PageItem[], _site: string, _s: unknown, stage: RankStage, opts: StageOptions = {}) {
      calls.push({ stage, titles: items.map((i) => i.title), signal: opts.signal });
      const order = items.map((_, i) => items.length - 1 - i);
      if (stage === 'final') await embedded;
      return { order, method: stage === 'first' ? 'lexical' : 'encoder', coldStart: false, strength: 1, explanations: [], comparisons: 0, warnings: [], final: stage === 'final' };
    },
  } as unknown as ProfileService;
  return { profiles, calls, release };
}

const items = [{ title: 'Cast iron pan' }, { title: 'Trail shoes' }, { title: 'Espresso grinder' }];

describe('page.rank stages', () => {
  it('answers the first stage with a ticket, and the final request needs only the ticket', async () => {
    const f = fakeProfiles();
    const h = pageHandlers(f.profiles);
    const first = await h['page.rank']({ stage: 'first', lists: [{ id: 'l1', items }] }, sender);
    const ticket = first.lists[0]?.ticket;
    expect(first.lists[0]).toMatchObject({ final: false, method: 'lexical', ticket: expect.any(Number) });
    f.release();
    const final = await h['page.rank']({ stage: 'final', lists: [{ id: 'l1', items: [], ticket: ticket! }] }, sender);
    expect(final.lists[0]).toMatchObject({ final: true, method: 'encoder', order: [2, 1, 0] });
    expect(f.calls.map((c) => [c.stage, c.titles.length])).toEqual([['first', 3], ['final', 3]]);
    // A ticket is used once: asking again with it says "expired" (the content script then sends the items).
    const again = await h['page.rank']({ stage: 'final', lists: [{ id: 'l1', items: [], ticket: ticket! }] }, sender);
    expect(again.lists[0]).toMatchObject({ expired: true, final: true });
  });

  it('cancels the queued work of a list that left the page, first stage and final stage alike', async () => {
    const f = fakeProfiles();
    const h = pageHandlers(f.profiles);
    const first = await h['page.rank']({ stage: 'first', lists: [{ id: 'l2', items }] }, sender);
    const final = h['page.rank']({ stage: 'final', lists: [{ id: 'l2', items: [], ticket: first.lists[0]!.ticket! }] }, sender);
    await new Promise((r) => setTimeout(r, 0));
    expect(f.calls.every((c) => c.signal && !c.signal.aborted)).toBe(true);
    expect(await h['page.cancel']({ lists: ['l2'] }, sender)).toEqual({ cancelled: 1 });
    expect(f.calls.map((c) => c.signal?.aborted)).toEqual([true, true]);
    f.release();
    await final;
  });

  it('keeps the lists of other tabs apart', async () => {
    const f = fakeProfiles();
    const h = pageHandlers(f.profiles);
    const first = await h['page.rank']({ stage: 'first', lists: [{ id: 'l3', items }] }, sender);
    const other = { ...sender, tab: { id: 8 } };
    expect(await h['page.cancel']({ lists: ['l3'] }, other)).toEqual({ cancelled: 0 });
    const stolen = await h['page.rank']({ stage: 'final', lists: [{ id: 'l3', items: [], ticket: first.lists[0]!.ticket! }] }, other);
    expect(stolen.lists[0]?.expired).toBe(true);
  });
});
