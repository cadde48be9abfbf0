import { describe, expect, it } from 'vitest';
import { sitesGranted } from '../../../src/adapters/registration';
import { siteById } from '../../../src/adapters/registry';
import { DEFAULT_SETTINGS } from '../../../src/settings/settings';

describe('sitesGranted (switch-on completed by the background from the grant)', () => {
  it('switches on a registry site only when all of its patterns were granted', () => {
    const yt = [...siteById('youtube')!.matches];
    expect(sitesGranted(yt, DEFAULT_SETTINGS)).toEqual({ sites: ['youtube'], hosts: [] });
    expect(sitesGranted(yt.slice(0, 1), DEFAULT_SETTINGS)).toEqual({ sites: [], hosts: [] });
  });
  it('switches on a generic host, but not a wildcard or a host already on', () => {
    expect(sitesGranted(['*://shop.example.test/*', '*://*/*'], DEFAULT_SETTINGS)).toEqual({ sites: [], hosts: ['shop.example.test'] });
    expect(sitesGranted(['*://shop.example.test/*'], { ...DEFAULT_SETTINGS, genericHosts: ['shop.example.test'] })).toEqual({ sites: [], hosts: [] });
    expect(sitesGranted(['*://www.youtube.com/*'], DEFAULT_SETTINGS).hosts).toEqual([]);
  });
});
