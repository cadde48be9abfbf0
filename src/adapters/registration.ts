import { browser } from 'wxt/browser';
import { GENERIC_PREFIX, SITES, genericPatterns, siteById } from './registry';
import type { SiteState } from '../messaging/protocol';
import type { Settings } from '../settings/settings';

/** The built content script (WXT `registration: 'runtime'`): registered per enabled site, never in the manifest. */
export const CONTENT_SCRIPT_FILE = '/content-scripts/content.js';
const ID_PREFIX = 'lr-';

interface Target {
  id: string;
  name: string;
  patterns: string[];
  generic: boolean;
}

function targets(settings: Settings): Target[] {
  const known = SITES.map((s) => ({ id: s.id, name: s.name, patterns: [...s.matches], generic: false }));
  const generic = settings.genericHosts.map((h) => ({ id: GENERIC_PREFIX + h, name: h, patterns: genericPatterns(h), generic: true }));
  return [...known, ...generic];
}

export function patternsFor(id: string): string[] {
  if (id.startsWith(GENERIC_PREFIX)) return genericPatterns(id.slice(GENERIC_PREFIX.length));
  return [...(siteById(id)?.matches ?? [])];
}

const scriptId = (siteId: string) => ID_PREFIX + siteId.replace(/[^\w.-]/g, '_');

async function granted(patterns: string[]): Promise<boolean> {
  return browser.permissions.contains({ origins: patterns });
}

/** Each site with the user's switch and the browser's permission (a revoked permission shows as off). */
export async function siteStates(settings: Settings): Promise<SiteState[]> {
  return Promise.all(
    targets(settings).map(async (t) => {
      const wanted = t.generic || settings.sites[t.id] === true;
      const ok = wanted && (await granted(t.patterns));
      return { id: t.id, name: t.name, enabled: ok, revoked: wanted && !ok, generic: t.generic };
    }),
  );
}

/**
 * Make the registered content scripts equal to the enabled, permitted sites.
 * Runs at start-up, after every switch and when a permission is removed.
 */
export async function syncRegistrations(settings: Settings): Promise<void> {
  const states = await siteStates(settings);
  const want = new Map(states.filter((s) => s.enabled).map((s) => [scriptId(s.id), patternsFor(s.id)]));
  const have = await browser.scripting.getRegisteredContentScripts();
  const stale = have.filter((r) => r.id.startsWith(ID_PREFIX) && !want.has(r.id)).map((r) => r.id);
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale });
  const present = new Set(have.map((r) => r.id));
  const add = [...want].filter(([id]) => !present.has(id));
  if (add.length) {
    await browser.scripting.registerContentScripts(
      add.map(([id, matches]) => ({ id, matches, js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle' as const, persistAcrossSessions: true })),
    );
  }
}

/** Run the content script in tabs already open on a site the user just switched on. */
export async function injectIntoOpenTabs(siteId: string): Promise<void> {
  const tabs = await browser.tabs.query({ url: patternsFor(siteId) });
  await Promise.all(
    tabs.map((t) =>
      t.id === undefined
        ? undefined
        : browser.scripting.executeScript({ target: { tabId: t.id }, files: [CONTENT_SCRIPT_FILE] }).catch(() => undefined),
    ),
  );
}

/**
 * Sites whose access was just granted, whether from our popup or the browser's own site-access
 * controls. The toolbar popup may close while the browser's prompt is open, taking its promise
 * with it, so the background completes the switch-on from the grant itself.
 */
export function sitesGranted(origins: readonly string[], settings: Settings): { sites: string[]; hosts: string[] } {
  const have = new Set(origins);
  const sites = SITES.filter((s) => s.matches.every((m) => have.has(m)) && settings.sites[s.id] !== true).map((s) => s.id);
  const hosts = origins
    .map((o) => /^\*:\/\/([a-z0-9.-]+)\/\*$/i.exec(o)?.[1]?.toLowerCase())
    .filter((h): h is string => Boolean(h) && !h!.startsWith('*') && !settings.genericHosts.includes(h!))
    .filter((h) => !SITES.some((s) => s.matches.includes(`*://${h}/*`)));
  return { sites, hosts };
}
