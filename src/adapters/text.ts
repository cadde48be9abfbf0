import type { PageItem } from './types';

/**
 * Plain-text reading helpers shared by adapters. Page text only ever leaves here as a string:
 * whitespace collapsed, bidi controls removed (they can disguise a title), capped in length.
 */

/** Longest title we keep; page titles beyond this are spam or hostile. */
export const MAX_TITLE = 300;
/** Longest secondary field (channel, price, views …). */
export const MAX_FIELD = 80;

// C0/C1 controls, and bidi embedding/override/isolate characters (U+202A–U+202E, U+2066–U+2069).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Collapses whitespace, strips control characters, trims and caps `s` at `max` characters. */
export function cleanText(s: string | null | undefined, max = MAX_FIELD): string {
  if (!s) return '';
  const t = s.slice(0, max * 4).replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max).trimEnd() : t;
}

/** The first element under `el` matching any selector, tried in order (order = preference). */
export function pick(el: ParentNode, selectors: readonly string[]): Element | null {
  for (const sel of selectors) {
    const found = el.querySelector(sel);
    if (found) return found;
  }
  return null;
}

/** Text of the first matching element: its `title` attribute when set, else its text content. */
export function textOf(el: ParentNode, selectors: readonly string[], max = MAX_FIELD): string {
  for (const sel of selectors) {
    const found = el.querySelector(sel);
    const t = cleanText(found?.getAttribute('title') || found?.textContent, max);
    if (t) return t;
  }
  return '';
}

/** Serialised bases: a URL object passed as a base is serialised on every call (11 us in Chromium, against 2 us for a string). */
const serialised = new WeakMap<URL, string>();

/** Absolute http(s) URL for `href` relative to `base`; '' for other schemes (javascript:, data:) or junk. */
export function absoluteUrl(href: string | null | undefined, base: URL): string {
  if (!href) return '';
  let b = serialised.get(base);
  if (b === undefined) serialised.set(base, (b = base.href));
  try {
    const u = new URL(href, b);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '';
  } catch {
    return '';
  }
}

/** Copies only the optional fields that have text, so `exactOptionalPropertyTypes` holds. */
/**
 * The page item a card stands for, or undefined when it has no id or no title: such a card
 * cannot be named in history or explained, so it keeps its place unranked.
 */
export function cardItem(id: string, title: string, url: string, position: number, fields: Record<string, string> = {}): PageItem | undefined {
  return id && title ? withFields<PageItem>({ id, title, url, position }, fields) : undefined;
}

export function withFields<T extends object>(base: T, fields: Record<string, string>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(fields)) if (v) out[k] = v;
  return out as T;
}

/**
 * Text of `el` leaving out descendants matching `skip`: labels the site puts inside a title
 * ("Neues Angebot" on eBay) would otherwise become part of the item's title.
 */
export function textWithout(el: Element, skip: string, max = MAX_FIELD): string {
  const parts: string[] = [];
  const walk = (node: Node): void => {
    for (const child of node.childNodes) {
      // 3 = text node, 1 = element (the Node constants are a DOM global, absent where site files load in Node).
      if (child.nodeType === 3) parts.push(child.textContent ?? '');
      else if (child.nodeType === 1 && !(child as Element).matches(skip)) walk(child);
    }
  };
  walk(el);
  return cleanText(parts.join(''), max);
}
