import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, currentSettings, getSettings, patchSettings, sanitize } from '../../src/settings/settings';

describe('settings', () => {
  it('starts from the defaults and persists patches', async () => {
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    await patchSettings({ paused: true, sites: { youtube: true } });
    expect(await getSettings()).toMatchObject({ paused: true, sites: { youtube: true } });
  });
  it('repairs invalid values instead of storing them', () => {
    const s = sanitize({
      sites: { youtube: 'yes' as unknown as boolean, amazon: true },
      genericHosts: ['shop.example', 'bad host/<x>', 'shop.example'],
      retention: { maxEvents: -5, maxAgeDays: Number.NaN },
      dedupeWindowMinutes: 1e9,
    });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, sites: { amazon: true }, genericHosts: ['shop.example'],
      retention: { maxEvents: 100, maxAgeDays: 180 }, dedupeWindowMinutes: 1440 });
  });
  it('keeps a current copy for hot paths: own patches at once, other writers after their change event', async () => {
    expect((await currentSettings()).strength).toBe((await getSettings()).strength);
    await patchSettings({ strength: 0.25 });
    expect((await currentSettings()).strength).toBe(0.25); // current at once after our own patch
    // Another context writes the stored value directly (e.g. an older popup): the change event refreshes the copy.
    await fakeBrowser.storage.local.set({ settings: { ...(await getSettings()), strength: 0.75 } });
    await expect.poll(async () => (await currentSettings()).strength).toBe(0.75);
    // And an invalid value written there is repaired on the way in, as getSettings does.
    await fakeBrowser.storage.local.set({ settings: { ...(await getSettings()), strength: 7 } });
    await expect.poll(async () => (await currentSettings()).strength).toBe(1);
  });
});
