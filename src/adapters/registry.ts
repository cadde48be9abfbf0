import type { SiteInfo } from '../sites/types';

/** Id used for sites the user switched on that have no adapter of their own. */
export const GENERIC_PREFIX = 'generic:';

const modules = import.meta.glob<{ site: SiteInfo }>(['../sites/*.ts', '!../sites/types.ts', '!../sites/*.test.ts'], {
  eager: true,
});

/** Every site of the registry, sorted by name. */
export const SITES: readonly SiteInfo[] = Object.values(modules)
  .map((m) => m.site)
  .sort((a, b) => a.name.localeCompare(b.name));

export function siteById(id: string): SiteInfo | undefined {
  return SITES.find((s) => s.id === id);
}

/** Does `url` fall under a WebExtension match pattern? (scheme `*` = http/https, host `*.x` = x and subdomains). */
export function matchesPattern(pattern: string, url: URL): boolean {
  const m = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  const proto = url.protocol.slice(0, -1);
  if (scheme === '*' ? proto !== 'http' && proto !== 'https' : proto !== scheme) return false;
  if (host !== '*') {
    if (host.startsWith('*.')) {
      const base = host.slice(2);
      if (url.hostname !== base && !url.hostname.endsWith('.' + base)) return false;
    } else if (url.hostname !== host) return false;
  }
  const re = new RegExp('^' + path.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(url.pathname + url.search);
}

/** The registry site a URL belongs to, if any. */
export function siteForUrl(url: URL): SiteInfo | undefined {
  return SITES.find((s) => s.matches.some((p) => matchesPattern(p, url)));
}

/** Site id for any URL: a registry id, or `generic:<host>` for other sites. */
export function siteIdForUrl(url: URL): string {
  return siteForUrl(url)?.id ?? GENERIC_PREFIX + url.hostname;
}

/** Match patterns for a generic host the user switched on. */
export function genericPatterns(host: string): string[] {
  return [`*://${host}/*`];
}
