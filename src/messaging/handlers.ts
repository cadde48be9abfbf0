import { browser } from 'wxt/browser';
import { GENERIC_PREFIX, siteForUrl, siteIdForUrl } from '../adapters/registry';
import { injectIntoOpenTabs, patternsFor, siteStates, sitesGranted, syncRegistrations } from '../adapters/registration';
import type { HistoryStore } from '../history/store';
import type { LlmService } from '../llm/llm-service';
import type { ModelService } from '../ml/model-service';
import type { ProfileService } from '../profile/profile-service';
import { llmHandlers } from './llm-handlers';
import { pageHandlers } from './page-handlers';
import { currentSettings, getSettings, patchSettings } from '../settings/settings';
import type { Settings } from '../settings/settings';
import { statusItem } from '../settings/status';
import type { Handlers, SenderPolicy } from './router';

/** Is this page on a site the user switched on (and whose permission is still held)? */
export async function pageAllowed(url: URL, settings?: Settings): Promise<boolean> {
  const s = settings ?? (await getSettings());
  const site = siteForUrl(url);
  const on = site ? s.sites[site.id] === true : s.genericHosts.includes(url.hostname);
  return on && browser.permissions.contains({ origins: [`${url.protocol}//${url.hostname}/*`] });
}

export function senderPolicy(): SenderPolicy {
  // Every page message is checked: settings come from the background's kept copy, not storage.
  return { extensionId: browser.runtime.id, extensionBase: browser.runtime.getURL('/'), pageAllowed: async (u) => pageAllowed(u, await currentSettings()) };
}

async function noteError(message: string): Promise<void> {
  console.warn('[LocalRank] event dropped:', message);
  await statusItem.setValue({ lastError: { message, time: Date.now() } });
}

/**
 * Site switches, permission grants and start-up syncs all rewrite the registered content scripts;
 * they run one at a time, or two of them would register the same script id.
 */
let siteQueue: Promise<unknown> = Promise.resolve();
export function serialSites<T>(fn: () => Promise<T>): Promise<T> {
  const run = siteQueue.then(fn, fn);
  siteQueue = run.catch(() => undefined);
  return run;
}

/** Switch on what a permission grant covers (see sitesGranted); the popup may be gone by then. */
export function onPermissionsAdded(origins: readonly string[]): Promise<void> {
  return serialSites(() => completeGrant(origins));
}

async function completeGrant(origins: readonly string[]): Promise<void> {
  const s = await getSettings();
  const { sites, hosts } = sitesGranted(origins, s);
  if (!sites.length && !hosts.length) return;
  await patchSettings({ sites: { ...s.sites, ...Object.fromEntries(sites.map((id) => [id, true])) }, genericHosts: [...s.genericHosts, ...hosts] });
  await syncRegistrations(await getSettings());
  for (const id of [...sites, ...hosts.map((h) => GENERIC_PREFIX + h)]) await injectIntoOpenTabs(id);
}

async function setSite(id: string, enabled: boolean, host?: string): Promise<void> {
  const s = await getSettings();
  if (host !== undefined || id.startsWith(GENERIC_PREFIX)) {
    const h = (host ?? id.slice(GENERIC_PREFIX.length)).toLowerCase();
    const hosts = s.genericHosts.filter((x) => x !== h);
    await patchSettings({ genericHosts: enabled ? [...hosts, h] : hosts });
    id = GENERIC_PREFIX + h;
  } else {
    await patchSettings({ sites: { ...s.sites, [id]: enabled } });
  }
  const origins = patternsFor(id);
  if (enabled && !(await browser.permissions.contains({ origins }))) {
    throw new Error('The browser did not grant access to this site.');
  }
  await syncRegistrations(await getSettings());
  if (enabled) await injectIntoOpenTabs(id);
  // Least privilege: give the permission back when the site is switched off.
  else await browser.permissions.remove({ origins }).catch(() => false);
}

/** The background's answers to every verb of the protocol. */
export function createHandlers(store: HistoryStore, models?: ModelService, profiles?: ProfileService, llm?: LlmService): Handlers {
  // History changed (deleted, cleared, imported): the profile is rebuilt, and the LLM checks, once
  // things are quiet, whether its profile in words is due for rewriting.
  const edited = <T>(v: T): T => (void profiles?.rebuild().catch(() => undefined), llm?.historyChanged(), v);
  return {
    ...(profiles ? pageHandlers(profiles, llm) : noProfiles),
    ...llmHandlers(llm),
    'page.record': async (r, sender) => {
      const s = await getSettings();
      if (s.paused) return { stored: false, reason: 'paused' };
      const url = new URL(sender.url ?? r.url);
      const out = await store.record({ ...r, site: siteIdForUrl(url) });
      if (!out.stored) await noteError(out.reason);
      else {
        void profiles?.onEvents([out.event]).catch((e: unknown) => console.warn('[LocalRank] profile', e));
        llm?.historyChanged();
      }
      return out.stored ? { stored: true } : { stored: false, reason: out.reason };
    },
    'page.dwell': async (r, sender) => {
      const url = new URL(sender.url ?? r.url);
      return { stored: await store.addDwell(siteIdForUrl(url), r.url, r.dwellMs) };
    },
    'history.list': (q) => store.list(q),
    'history.stats': async () => {
      const est = await navigator.storage?.estimate?.().catch(() => undefined);
      return { ...(await store.stats()), ...(est?.usage !== undefined ? { usageBytes: est.usage } : {}) };
    },
    'history.delete': async ({ id }) => edited({ deleted: await store.delete(id) }),
    'history.clearSite': async ({ site }) => edited({ deleted: await store.clearSite(site) }),
    // Clearing everything also forgets the vectors of titles seen (derived from pages the user visited).
    'history.clearAll': async () => {
      const deleted = await store.clearAll();
      await models?.forgetVectors();
      return edited({ deleted });
    },
    'history.export': async () => ({ json: await store.exportJson() }),
    'history.import': async ({ json }) => edited(await store.importJson(json)),
    'sites.list': async () => siteStates(await getSettings()),
    'sites.set': async ({ id, enabled, host }) => {
      await serialSites(() => setSite(id, enabled, host));
      return siteStates(await getSettings());
    },
    'settings.get': () => getSettings(),
    'settings.patch': async (p) => {
      const next = await patchSettings(p);
      if ('steering' in p) await profiles?.current(); // the next list follows the new steering
      return next;
    },
    'status.get': async () => ({ paused: (await getSettings()).paused, lastError: (await statusItem.getValue()).lastError }),
    'model.embed': async ({ texts, kind }) => {
      if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) throw new Error('texts must be an array of strings');
      const r = models ? await models.embed(texts, kind === 'query' ? 'query' : 'passage') : { ok: false as const, reason: 'no model service' };
      return r.ok
        ? { modelId: r.modelId, vectors: r.vectors.map((v) => Array.from(v)), cached: r.cached, computed: r.computed }
        : { modelId: null, vectors: [], cached: 0, computed: 0, reason: r.reason };
    },
    'model.status': async () => {
      if (!models) return { model: null, state: 'none', reason: 'no model service', cache: { hits: 0, misses: 0, entries: 0, hitRate: 0 } };
      return models.status();
    },
    'model.terminate': async () => ({ terminated: Boolean(await models?.terminate()) }),
  };
}

/** Without a profile service (unit tests of history verbs), the ranking verbs keep pages unchanged. */
const noProfiles: Pick<Handlers, 'page.rank' | 'page.cancel' | 'page.report' | 'tab.report' | 'tab.original' | 'sites.health'> = {
  'page.rank': async () => ({ lists: [], badges: false }),
  'page.cancel': async () => ({ cancelled: 0 }),
  'page.report': async () => ({ ok: true }),
  'tab.report': async () => null,
  'tab.original': async () => ({ ok: false, report: null }),
  'sites.health': async () => ({}),
};
