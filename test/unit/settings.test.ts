import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, getSettings, patchSettings, sanitize } from '../../src/settings/settings';

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
});
