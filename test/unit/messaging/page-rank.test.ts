/** The background's side of progressive ranking: tickets, items sent once, cancellation. */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { pageHandlers } from '../../../src/messaging/page-handlers';
import type { ProfileService, RankStage, StageOptions } from '../../../src/profile/profile-service';
import type { LlmService } from '../../../src/llm/llm-service';
import type { PageItem } from '../../../src/ranking';
import { DEFAULT_LLM_SETTINGS } from '../../../src/settings/llm-settings';
import { patchSettings } from '../../../src/settings/settings';

const sender = { id: fakeBrowser.runtime.id, url: 'https://www.amazon.com/s?k=pan', tab: { id: 7 }, frameId: 0 };

/** A profile service whose final stage waits until released; records what each stage got. */
function fakeProfiles(firstIsFinal = false) {
  const calls: { stage: RankStage; titles: string[]; signal: AbortSignal | undefined }[] = [];
  let release: () => void = () => undefined;
  const embedded = new Promise<void>((r) => (release = r));
  const profiles = {
    async rankStage(items: PageItem[], _site: string, _s: unknown, stage: RankStage, opts: StageOptions = {}) {
      calls.push({ stage, titles: items.map((i) => i.title), signal: opts.signal });
      const order = items.map((_, i) => items.length - 1 - i);
      if (stage === 'final') await embedded;
      return { order, method: stage === 'first' && !firstIsFinal ? 'lexical' : 'encoder', coldStart: false, strength: 1, explanations: [], comparisons: 0, warnings: [], final: stage === 'final' || firstIsFinal };
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

describe('page.rank with the LLM refinement', () => {
  /** An LLM that swaps the first two items of the order it gets, or declines (null). */
  const fakeLlm = (answer: 'swap' | 'none') => {
    const seen: number[][] = [];
    const llm = {
      async refine(_items: readonly { title: string }[], order: readonly number[]) {
        seen.push([...order]);
        return answer === 'none' ? null : { order: [order[1]!, order[0]!, ...order.slice(2)], changed: true, note: 'LLM re-ordered the top 2' };
      },
    } as unknown as LlmService;
    return { llm, seen };
  };

  it('runs after the encoder\'s order, in the final stage only, and says so on the list', async () => {
    await patchSettings({ llm: { ...DEFAULT_LLM_SETTINGS, enabled: true } });
    const f = fakeProfiles(true); // vectors cached: the encoder's order is final at once
    const l = fakeLlm('swap');
    const h = pageHandlers(f.profiles, l.llm);
    const first = await h['page.rank']({ stage: 'first', lists: [{ id: 'l4', items }] }, sender);
    expect(first.lists[0]).toMatchObject({ final: false, ticket: expect.any(Number) }); // the LLM comes next
    expect(l.seen).toEqual([]); // never on the first order's path
    f.release();
    const final = await h['page.rank']({ stage: 'final', lists: [{ id: 'l4', items: [], ticket: first.lists[0]!.ticket! }] }, sender);
    expect(final.lists[0]).toMatchObject({ final: true, llm: true, order: [1, 2, 0] });
    expect(final.lists[0]!.reasons[1]?.[0]?.text).toMatch(/LLM/);
    expect(l.seen).toEqual([[2, 1, 0]]);
  });

  it('keeps the encoder\'s order when the LLM declines, and is not asked when switched off', async () => {
    await patchSettings({ llm: { ...DEFAULT_LLM_SETTINGS, enabled: true } });
    const f = fakeProfiles();
    f.release();
    const declined = fakeLlm('none');
    const h = pageHandlers(f.profiles, declined.llm);
    const first = await h['page.rank']({ stage: 'first', lists: [{ id: 'l5', items }] }, sender);
    const final = await h['page.rank']({ stage: 'final', lists: [{ id: 'l5', items: [], ticket: first.lists[0]!.ticket! }] }, sender);
    expect(final.lists[0]).toMatchObject({ order: [2, 1, 0] });
    expect(final.lists[0]?.llm).toBeUndefined();
    await patchSettings({ llm: { ...DEFAULT_LLM_SETTINGS, enabled: false } });
    const off = fakeLlm('swap');
    const cached = fakeProfiles(true);
    const first2 = await pageHandlers(cached.profiles, off.llm)['page.rank']({ stage: 'first', lists: [{ id: 'l6', items }] }, sender);
    expect(first2.lists[0]).toMatchObject({ final: true });
    expect(off.seen).toEqual([]);
  });
});

describe('tab.original', () => {
  const report = { url: 'https://www.amazon.com/s?k=pan', site: 'amazon', recognised: true, lists: [{ id: 'search-results-0', kind: 'search-results', items: 3, moved: 2, method: 'lexical', coldStart: false }], moves: [], restored: false, time: 1 };

  it("keeps the page's answer as the tab's report and the site's health (the page does not push it as well)", async () => {
    fakeBrowser.reset();
    const asked: unknown[] = [];
    fakeBrowser.tabs.sendMessage = (async (tabId: number, msg: unknown) => (asked.push([tabId, msg]), { report })) as never;
    const h = pageHandlers(fakeProfiles().profiles);
    const r = await h['tab.original']({ tabId: 7, original: false }, sender);
    expect(asked).toEqual([[7, { lrTab: 1, op: 'ranked' }]]);
    expect(r).toMatchObject({ ok: true, report: { site: 'amazon', restored: false } });
    expect((await fakeBrowser.storage.session.get('report:7'))['report:7']).toMatchObject({ site: 'amazon', lists: report.lists });
    const health = (await fakeBrowser.storage.local.get('health')).health as Record<string, { lists: number; items: number }[]>;
    expect(health.amazon?.[0]).toMatchObject({ lists: 1, items: 3 });
  });

  it('stores nothing when the page gives no report or a malformed one', async () => {
    for (const reply of [null, { report: { lists: 'no' } }, { report: { ...report, site: 7 } }]) {
      fakeBrowser.reset();
      fakeBrowser.tabs.sendMessage = (async () => reply) as never;
      const r = await pageHandlers(fakeProfiles().profiles)['tab.original']({ tabId: 7, original: true }, sender);
      expect(r).toEqual({ ok: false, report: null });
      expect(await fakeBrowser.storage.session.get('report:7')).toEqual({});
    }
  });
});
