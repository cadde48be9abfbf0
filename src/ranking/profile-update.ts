/**
 * Folding events into a profile. `applyEvents` is the one place a profile changes; building
 * from scratch is the same fold over all events, so incremental and full results agree.
 */
import { addDocument } from './bm25';
import { assignInterest } from './interests';
import { addTerms, markSeen, remember, scaleRecord } from './memory';
import type { MemoryItem, Profile } from './profile';
import { tokenize } from './tokenize';
import { itemKeys } from './keys';
import type { ProfileEvent } from './types';
import { scaleInPlace, unitOrNull } from './vector';

// Rebase when stored weights reach 2^40: far from Float32 overflow (2^127), rare enough to be free.
const REBASE_AT = 40;

/** Base evidence of one event: clicks count fully, views by dwell, searches a little less. */
export function eventWeight(e: ProfileEvent): number {
  const dwell = typeof e.dwellMs === 'number' && Number.isFinite(e.dwellMs) ? e.dwellMs : -1;
  const base =
    e.kind === 'click' ? 1 : e.kind === 'search' ? 0.5 : e.kind === 'dismiss' ? 1
      : dwell < 0 ? 0.8 : 0.6 + 0.4 * Math.min(1, dwell / 60_000);
  const count = typeof e.count === 'number' && e.count > 1 ? e.count : 1;
  return base * (1 + Math.log(count));
}

/** The text an event stands for: the title, or the query of a search. */
export function eventText(e: ProfileEvent): string {
  const text = e.kind === 'search' ? (e.query ?? e.title) : e.title;
  return typeof text === 'string' ? text : '';
}

function rebase(p: Profile, time: number): void {
  const f = Math.pow(2, -(time - p.epoch) / p.settings.halfLifeMs);
  p.positive *= f;
  for (const it of p.interests) {
    scaleInPlace(it.sum, f);
    it.weight *= f;
    it.labelWeight *= f;
  }
  for (const m of [...p.recent, ...p.negatives]) m.weight *= f;
  scaleRecord(p.terms, f);
  scaleRecord(p.negTerms, f);
  p.epoch = time;
}

/** Fold one event with its (possibly missing) vector into `p`, in place. */
function applyOne(p: Profile, e: ProfileEvent, raw: Float32Array | null): void {
  const time = Number.isFinite(e.time) ? e.time : Number.isFinite(p.latest) ? p.latest : 0;
  if (!Number.isFinite(p.epoch)) p.epoch = time;
  if ((time - p.epoch) / p.settings.halfLifeMs > REBASE_AT) rebase(p, time);
  p.latest = Number.isFinite(p.latest) ? Math.max(p.latest, time) : time;
  p.events += 1;
  const w = eventWeight(e) * Math.pow(2, (time - p.epoch) / p.settings.halfLifeMs);
  const text = eventText(e);
  const vec = raw && raw.length === p.dims ? unitOrNull(raw) : null;
  const s = p.settings;
  const item: MemoryItem = { vec, title: text, key: itemKeys(e.site, e)[0] ?? '', site: e.site, weight: w, time };
  if (e.kind === 'dismiss') {
    remember(p.negatives, item, s.negativeSize);
    p.sizes.negTerms = addTerms(p.negTerms, new Set(tokenize(text)), w, s.maxTerms, p.sizes.negTerms);
    return;
  }
  p.positive += w;
  p.sizes.terms = addTerms(p.terms, new Set(tokenize(text)), w, s.maxTerms, p.sizes.terms);
  if (text) addDocument(p.corpus, text);
  if (e.kind === 'search') return;
  remember(p.recent, item, s.recentSize);
  p.sizes.seen = markSeen(p.seen, itemKeys(e.site, e), time, s.maxSeen, p.sizes.seen);
  if (vec) assignInterest(p.interests, vec, w, text, s);
}

/**
 * A new profile with `events` folded in, in the given order. `vectors[i]` belongs to
 * `events[i]` (null or missing: lexical-only update). The input profile is not modified.
 */
export function applyEvents(
  profile: Profile,
  events: readonly ProfileEvent[],
  vectors: ReadonlyArray<Float32Array | null | undefined> = [],
): Profile {
  const p = structuredClone(profile);
  events.forEach((e, i) => {
    if (e && typeof e === 'object') applyOne(p, e, vectors[i] ?? null);
  });
  return p;
}
