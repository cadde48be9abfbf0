import { EVENT_KINDS, LIMITS } from './types';
import type { EventKind, HistoryEvent } from './types';

/** Collapse white space and cap length; the result is plain text that is only ever shown as text. */
export function cleanText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex
  const flat = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export function isEventKind(v: unknown): v is EventKind {
  return typeof v === 'string' && (EVENT_KINDS as readonly string[]).includes(v);
}

/** The identity used to fold repeats of one event. */
export function eventKey(kind: EventKind, site: string, url: string, query?: string): string {
  return kind === 'search' ? `${kind}|${site}|${(query ?? '').toLowerCase()}` : `${kind}|${site}|${url}`;
}

export interface RawEvent {
  kind: EventKind;
  site: string;
  url: string;
  title?: unknown;
  query?: unknown;
  itemId?: unknown;
  dwellMs?: unknown;
  time: number;
  count?: unknown;
}

/** Build a storable event from reported or imported fields, enforcing the text limits. */
export function toEvent(raw: RawEvent): HistoryEvent {
  const url = cleanText(raw.url, LIMITS.url);
  const query = cleanText(raw.query, LIMITS.query);
  const itemId = cleanText(raw.itemId, LIMITS.itemId);
  const event: HistoryEvent = {
    kind: raw.kind,
    site: cleanText(raw.site, 200),
    url,
    title: cleanText(raw.title, LIMITS.title),
    time: raw.time,
    count: typeof raw.count === 'number' && raw.count >= 1 ? Math.floor(raw.count) : 1,
    key: eventKey(raw.kind, raw.site, url, query),
  };
  if (query) event.query = query;
  if (itemId) event.itemId = itemId;
  if (typeof raw.dwellMs === 'number' && Number.isFinite(raw.dwellMs) && raw.dwellMs > 0) {
    event.dwellMs = Math.min(Math.round(raw.dwellMs), 24 * 3600_000);
  }
  return event;
}
