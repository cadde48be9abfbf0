import type { SiteInfo } from '../sites/types';

/** What kind of page the adapter thinks it is on; decides which lists are worth looking for. */
export type PageKind = 'item' | 'search' | 'home' | 'listing' | 'other';

/**
 * What a list is on the page. `up-next`: the sidebar beside a video; `search-results`; `carousel`:
 * a horizontal "customers also bought/viewed" strip; `grid`: a home or bestseller grid; `cards`:
 * repeated cards the generic adapter recognised without knowing the site.
 */
export type ListKind = 'up-next' | 'search-results' | 'carousel' | 'grid' | 'cards';

/** A list found on the page: the page's own container and its item elements, in page order. */
export interface FoundList {
  /** Stable for the same list within one page view (kind plus document-order index). */
  readonly id: string;
  readonly kind: ListKind;
  /** The element whose direct children are reordered. */
  readonly container: Element;
  /**
   * Item elements in document order. Each lies inside a distinct direct child of `container`
   * (its "slot"), so moving the slots reorders the items; other children stay where they are.
   */
  readonly items: readonly Element[];
  /**
   * Optional: the items among `children`, direct children of `container` that the page added
   * after the list was found (infinite scroll), read by the same rule that found the list and
   * without walking the rest of the list. The runner then reads an append in O(appended cards).
   */
  readonly itemsAmong?: (children: readonly Element[]) => Element[];
}

/** One item as the page shows it. Every field is plain text (never HTML), trimmed and capped. */
export interface PageItem {
  /** Site-stable id: video id, ASIN, or the canonical URL for the generic adapter. */
  readonly id: string;
  readonly title: string;
  /** Absolute http(s) URL of the item page; '' when the card has no usable link. */
  readonly url: string;
  /** 0-based position in the list as the platform ordered it. */
  readonly position: number;
  readonly channel?: string;
  readonly seller?: string;
  readonly price?: string;
  readonly rating?: string;
  readonly views?: string;
  readonly duration?: string;
}

/** The page-side functions of an adapter: pure over a passed-in root and URL, no browser API. */
export interface ListAdapter {
  /** Adapter id: the site id, or 'generic'. */
  readonly id: string;
  pageKind(url: URL, root: ParentNode): PageKind;
  /** Lists on the page, outermost first; [] when the layout is not recognised. */
  findLists(root: ParentNode, url: URL): FoundList[];
  /**
   * Reads one item element of a found list; undefined when it has no title or no id. With
   * `detail` false only id, title and URL are read (what ranking and history use): secondary
   * fields (channel, price …) cost a query each per card, most of them misses that walk the card.
   */
  readItem(el: Element, index: number, url: URL, detail?: boolean): PageItem | undefined;
}

/** A registry site that carries its adapter functions (one file per site = everything). */
export type SiteAdapter = SiteInfo & ListAdapter;

/** Does this registry site have an adapter yet? (Sites of issue 6 keep only SiteInfo until then.) */
export function isSiteAdapter(site: SiteInfo): site is SiteAdapter {
  return typeof site.pageKind === 'function' && typeof site.findLists === 'function' && typeof site.readItem === 'function';
}
