import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { llmHandlers } from '../../../src/messaging/llm-handlers';
import { authorize, type SenderPolicy } from '../../../src/messaging/router';
import { DEFAULT_LLM_SETTINGS, sanitizeLlm } from '../../../src/settings/llm-settings';
import { getSettings, settingsItem } from '../../../src/settings/settings';

describe('LLM settings', () => {
  it('migrates stored version-1 settings: the LLM starts switched off, everything else kept', async () => {
    await fakeBrowser.storage.local.set({ settings: { sites: { youtube: true }, genericHosts: [], paused: true, steering: 'more tea' }, settings$: { v: 1 } });
    await settingsItem.migrate(); // as WXT does when the extension starts with the older value stored
    expect(((await fakeBrowser.storage.local.get('settings')) as { settings: { llm?: unknown } }).settings.llm).toEqual(DEFAULT_LLM_SETTINGS);
    const s = await getSettings();
    expect(s).toMatchObject({ sites: { youtube: true }, paused: true, steering: 'more tea', llm: DEFAULT_LLM_SETTINGS });
    expect((await settingsItem.getMeta()) as { v?: number }).toMatchObject({ v: 2 });
  });

  it('keeps only valid values', () => {
    const s = sanitizeLlm({ enabled: 'yes' as never, backend: 'cuda' as never, k: 500, budgetMs: -1, maxTokens: 1e9, modelId: '../../etc', prompts: { profile: 'x'.repeat(5000), steering: 3 as never, refine: 'r' } });
    expect(s).toEqual({ ...DEFAULT_LLM_SETTINGS, k: 20, budgetMs: 100, maxTokens: 512, prompts: { profile: 'x'.repeat(2000), steering: '', refine: 'r' } });
    expect(DEFAULT_LLM_SETTINGS).toMatchObject({ enabled: false, backend: 'auto', acceptWasm: false, k: 10, budgetMs: 1500 });
  });
});

describe('LLM verbs', () => {
  const policy: SenderPolicy = { extensionId: 'our-id', extensionBase: 'chrome-extension://our-id/', pageAllowed: async () => true };
  it.each(Object.keys(llmHandlers(undefined)))('%s: extension pages only, never a content script', async (verb) => {
    const page = { id: 'our-id', url: 'https://www.youtube.com/', tab: { id: 1 }, frameId: 0 };
    expect(await authorize(verb as never, page, policy)).toMatch(/only extension pages/);
    expect(await authorize(verb as never, { id: 'our-id', url: 'chrome-extension://our-id/popup.html' }, policy)).toBeUndefined();
  });

  it('answer plainly without an LLM service', async () => {
    await expect(llmHandlers(undefined)['llm.status']({}, {})).rejects.toThrow(/No LLM service/);
  });
});
