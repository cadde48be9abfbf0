export type EventKind = 'view' | 'click' | 'search' | 'dismiss';
export const EVENT_KINDS: readonly EventKind[] = ['view', 'click', 'search', 'dismiss'];

/** One thing the user did on an enabled site. Text fields are plain text, never HTML. */
export interface HistoryEvent {
  /** Auto-increment key; absent before the event is stored. */
  id?: number;
  kind: EventKind;
  /** Registry site id, or `generic:<host>`. */
  site: string;
  url: string;
  title: string;
  /** Search text, for `search` events. */
  query?: string;
  /** The site's own item id where known (video id, ASIN, …). */
  itemId?: string;
  /** Milliseconds since the epoch of the latest occurrence. */
  time: number;
  /** Time spent on an item page, for `view` events. */
  dwellMs?: number;
  /** How many times a repeated event was folded into this one by de-duplication. */
  count: number;
  /** De-duplication key: kind + site + url (or query). */
  key: string;
}

export interface HistoryQuery {
  text?: string;
  site?: string;
  kind?: EventKind;
  limit?: number;
  /** Only events strictly older than this time (paging). */
  before?: number;
}

export interface HistoryStats {
  total: number;
  bySite: Record<string, number>;
  byKind: Record<string, number>;
  /** Bytes used by the extension origin, from navigator.storage.estimate(). */
  usageBytes?: number;
  oldest?: number;
  newest?: number;
}

export interface ImportResult {
  added: number;
  merged: number;
  skipped: number;
}

export interface RetentionPolicy {
  maxEvents: number;
  maxAgeDays: number;
}

/** Hard caps on stored text so one hostile page cannot fill the store. */
export const LIMITS = { title: 2000, url: 4096, query: 512, itemId: 256 } as const;
