/**
 * The LLM's "history changed" timer is armed by recorded history events (record, delete, clear,
 * import) — not by ranking, which asks for the steering anchors on every list.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { HistoryStore } from '../../../src/history/store';
import type { LlmService } from '../../../src/llm/llm-service';
import { createHandlers } from '../../../src/messaging/handlers';
import { ProfileService } from '../../../src/profile/profile-service';

const sender = { id: fakeBrowser.runtime.id, url: 'https://www.youtube.com/watch?v=abcdefghijk', tab: { id: 1 }, frameId: 0 };
const items = [{ title: 'Trail running shoes' }, { title: 'Espresso grinder' }, { title: 'Celebrity gossip' }];

function setup() {
  const store = new HistoryStore({ dbName: `history-changed-${Math.random()}`, retention: () => ({ maxEvents: 1000, maxAgeDays: 1000 }), dedupeWindowMs: () => 0 });
  const llm = { historyChanged: vi.fn(), anchors: vi.fn(async () => []), refine: vi.fn(async () => null) };
  // Wired as entrypoints/background.ts wires them: the profile asks the LLM service for anchors.
  const profiles = new ProfileService(store, async () => null, () => llm.anchors());
  return { store, llm, profiles, h: createHandlers(store, undefined, profiles, llm as unknown as LlmService) };
}

describe('llm.historyChanged', () => {
  it('is not armed by ranking a list, which does read the anchors', async () => {
    const { llm, h, profiles } = setup();
    const first = await h['page.rank']({ stage: 'first', lists: [{ id: 'l1', items }] }, sender);
    expect(first.lists[0]?.order).toHaveLength(3);
    await profiles.current(); // after the profile update the rank started (one queue)
    expect(llm.anchors).toHaveBeenCalled();
    expect(llm.historyChanged).not.toHaveBeenCalled();
  });

  it('is armed by each recorded event, deletion, clearing and import', async () => {
    const { llm, h } = setup();
    expect(await h['page.record']({ kind: 'view', url: sender.url, title: 'Trail running shoes' }, sender)).toEqual({ stored: true });
    expect(llm.historyChanged).toHaveBeenCalledTimes(1);
    const [event] = (await h['history.list']({}, sender)) as { id: number }[];
    await h['history.delete']({ id: event!.id }, sender);
    expect(llm.historyChanged).toHaveBeenCalledTimes(2);
    const { json } = await h['history.export']({}, sender);
    await h['history.import']({ json }, sender);
    expect(llm.historyChanged).toHaveBeenCalledTimes(3);
    await h['history.clearSite']({ site: 'youtube' }, sender);
    await h['history.clearAll']({}, sender);
    expect(llm.historyChanged).toHaveBeenCalledTimes(5);
  });
});
