/** Test data for the ranking core: events, items and embedders with known behaviour. */
import type { HistoryEvent } from '../../../src/history/types';
import type { Embedder, EmbedKind, PageItem } from '../../../src/ranking/types';

export const HOUR = 3_600_000;

/** A stored history event as the history module produces it (so the real type is exercised). */
export function historyEvent(title: string, over: Partial<HistoryEvent> = {}): HistoryEvent {
  const kind = over.kind ?? 'click';
  const url = over.url ?? `https://shop.example/${encodeURIComponent(title)}`;
  return { kind, site: 'amazon', url, title, time: 1_700_000_000_000, count: 1, key: `${kind}|amazon|${url}`, ...over };
}

/** Events one hour apart, oldest first. */
export function eventsFrom(titles: string[], start = 1_700_000_000_000): HistoryEvent[] {
  return titles.map((t, i) => historyEvent(t, { time: start + i * HOUR }));
}

export function items(...titles: string[]): PageItem[] {
  return titles.map((title) => ({ title }));
}

/** An embedder whose answers are all NaN, as a broken model might give. */
export class NanEmbedder implements Embedder {
  readonly id = 'nan';
  readonly dims = 8;
  embed(texts: string[], _kind: EmbedKind): Promise<Float32Array[]> {
    return Promise.resolve(texts.map(() => new Float32Array(8).fill(Number.NaN)));
  }
}

/** An embedder that always rejects. */
export class FailingEmbedder implements Embedder {
  constructor(readonly id = 'lexical-hash-256', readonly dims = 256) {}
  embed(): Promise<Float32Array[]> {
    return Promise.reject(new Error('model crashed'));
  }
}
