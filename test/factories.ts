import type { EventReport } from '../src/messaging/protocol';
import type { HistoryEvent } from '../src/history/types';

let n = 0;
/** A reported event with unique url and title unless overridden. */
export function report(over: Partial<EventReport & { site: string }> = {}): EventReport & { site: string } {
  n++;
  return { kind: 'view', url: `https://www.youtube.com/watch?v=vid${n}xyz`, title: `Video ${n}`, site: 'youtube', ...over };
}

export function storedEvent(over: Partial<HistoryEvent> = {}): HistoryEvent {
  n++;
  const url = over.url ?? `https://www.amazon.com/dp/B00000000${n % 10}`;
  return { kind: 'view', site: 'amazon', url, title: `Item ${n}`, time: 1_700_000_000_000 + n, count: 1, key: `view|amazon|${url}`, ...over };
}
