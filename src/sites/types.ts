import type { FoundList, PageItem, PageKind } from '../adapters/types';

/**
 * What the registry knows about a site. One file per site in src/sites/ exports `site`.
 * Sites with an adapter also carry its functions (see SiteAdapter in src/adapters/types.ts);
 * they are optional so a site can join the registry (popup, matches) before its adapter exists.
 * Site files are imported in Node by wxt.config.ts: no DOM access at module top level.
 */
export interface SiteInfo {
  /** Stable id; equals the file name (youtube.ts → 'youtube'). */
  readonly id: string;
  /** Name shown to the user. */
  readonly name: string;
  /** Match patterns; they become optional host permissions and content-script matches. */
  readonly matches: readonly string[];
  /** URL paths (matched against `pathname + search` of the host) that are single-item pages. */
  readonly itemPages: readonly RegExp[];
  /** Query parameters that carry the user's search text on this site. */
  readonly searchParams: readonly string[];
  /** Adapter: what kind of page this is. */
  readonly pageKind?: (url: URL, root: ParentNode) => PageKind;
  /** Adapter: the recommendation lists on the page. */
  readonly findLists?: (root: ParentNode, url: URL) => FoundList[];
  /** Adapter: one item of a found list, as plain text. */
  readonly readItem?: (el: Element, index: number, url: URL) => PageItem | undefined;
}
