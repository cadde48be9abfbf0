/**
 * History as prompt lines for the interest profile: what was viewed or clicked, searched and
 * dismissed, newest first, each title quoted as data and capped, so the prompt stays small.
 */
import type { HistoryEvent } from '../history/types';
import { quoteData } from './untrusted';

const LIMITS = { items: 15, searches: 8, dismissed: 6, titleChars: 100 };
const DAY = 86_400_000;

const age = (ms: number) => (ms < DAY ? 'today' : ms < 2 * DAY ? 'yesterday' : `${Math.round(ms / DAY)} days ago`);
const siteName = (site: string) => site.replace(/^generic:/, '').slice(0, 40);

/** Prompt lines (empty when there is nothing to say) for events sorted in any order. */
export function historyDigest(events: readonly HistoryEvent[], now: number): string[] {
  const byTime = [...events].sort((a, b) => b.time - a.time);
  const seen = new Set<string>();
  const take = (kinds: string[], n: number, text: (e: HistoryEvent) => string) => {
    const out: HistoryEvent[] = [];
    for (const e of byTime) {
      const t = text(e).trim().toLowerCase();
      if (!kinds.includes(e.kind) || !t || seen.has(`${e.kind === 'dismiss' ? 'd' : 'v'}:${t}`)) continue;
      seen.add(`${e.kind === 'dismiss' ? 'd' : 'v'}:${t}`);
      out.push(e);
      if (out.length >= n) break;
    }
    return out;
  };
  const line = (verb: string, e: HistoryEvent, text: string) => `- ${verb} on ${siteName(e.site)}, ${age(now - e.time)}: ${quoteData(text, LIMITS.titleChars)}`;
  return [
    ...take(['view', 'click'], LIMITS.items, (e) => e.title).map((e) => line(e.kind === 'click' ? 'clicked' : 'viewed', e, e.title)),
    ...take(['search'], LIMITS.searches, (e) => e.query ?? e.title).map((e) => line('searched', e, e.query ?? e.title)),
    ...take(['dismiss'], LIMITS.dismissed, (e) => e.title).map((e) => line('dismissed', e, e.title)),
  ];
}

/** When the profile was written: how much history it saw. */
export interface ProfileBasis {
  /** Events in history then. */
  events: number;
  /** Time of the newest event it saw. */
  newest: number;
  /** When it was written. */
  time: number;
}

/**
 * Is a new profile due? Only when history changed enough since the last one — at least 10 new
 * events and a fifth of what it saw — and not more than once per `minGapMs`; a first profile
 * needs five events. Never decided on a page's critical path (the caller runs it when idle).
 */
export function regenerationDue(basis: ProfileBasis | undefined, history: { total: number; newSince: number }, now: number, minGapMs = 10 * 60_000): boolean {
  if (!basis) return history.total >= 5;
  if (now - basis.time < minGapMs) return false;
  return history.newSince >= Math.max(10, Math.ceil(basis.events * 0.2));
}
