import type { EventReport } from '../messaging/protocol';
import type { SiteInfo } from '../sites/types';

/** Query parameters that carry search text on sites the registry does not know. */
const GENERIC_SEARCH_PARAMS = ['q', 'query', 'search', 'keyword', 'k', 's'];

function meta(doc: Document, selector: string): string {
  return doc.querySelector<HTMLMetaElement>(selector)?.content?.trim() ?? '';
}

/** Title of the current page: Open Graph title, then the document title. Plain text. */
export function pageTitle(doc: Document): string {
  return meta(doc, 'meta[property="og:title"]') || meta(doc, 'meta[name="title"]') || doc.title.trim();
}

/** Canonical URL of the page when the page names one on its own origin, else the URL itself. */
export function canonicalUrl(doc: Document, url: URL): string {
  const href = doc.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.getAttribute('href');
  try {
    const c = href ? new URL(href, url) : undefined;
    if (c && c.hostname.replace(/^www\./, '') === url.hostname.replace(/^www\./, '')) return c.href;
  } catch {
    /* a broken canonical link is ignored */
  }
  return url.href;
}

export function isItemUrl(site: SiteInfo | undefined, url: URL): boolean {
  return Boolean(site?.itemPages.some((re) => re.test(url.pathname + url.search)));
}

function looksLikeItem(doc: Document): boolean {
  const type = meta(doc, 'meta[property="og:type"]').toLowerCase();
  if (type === 'product' || type.startsWith('video') || type === 'og:product') return true;
  return [...doc.querySelectorAll('script[type="application/ld+json"]')].some((s) => /"@type"\s*:\s*"Product"/.test(s.textContent ?? ''));
}

/** What loading this page means for history: a search made, an item viewed, or nothing. */
export function readPageEvents(doc: Document, url: URL, site: SiteInfo | undefined): EventReport[] {
  const out: EventReport[] = [];
  for (const p of site?.searchParams ?? GENERIC_SEARCH_PARAMS) {
    const q = url.searchParams.get(p)?.trim();
    if (q) {
      out.push({ kind: 'search', url: url.href, title: q, query: q });
      break;
    }
  }
  if (site ? isItemUrl(site, url) : looksLikeItem(doc)) {
    out.push({ kind: 'view', url: canonicalUrl(doc, url), title: pageTitle(doc) });
  }
  return out;
}

/** A click on a link to an item page of the same site, as a `click` event; else undefined. */
export function readClick(target: EventTarget | null, pageUrl: URL, site: SiteInfo | undefined): EventReport | undefined {
  const el = target as Element | null;
  const a = el && typeof el.closest === 'function' ? el.closest<HTMLAnchorElement>('a[href]') : null;
  // Clicks inside a list we ranked are recorded by the runner, with the adapter's item id.
  if (!a || !site || a.closest('[data-localrank-list]')) return undefined;
  let href: URL;
  try {
    href = new URL(a.getAttribute('href') ?? '', pageUrl);
  } catch {
    return undefined;
  }
  if (href.hostname !== pageUrl.hostname || !isItemUrl(site, href)) return undefined;
  const title = a.getAttribute('title') || a.getAttribute('aria-label') || a.textContent || '';
  return { kind: 'click', url: href.href, title };
}
