import { describe, expect, it } from 'vitest';
import { combinedAnchors } from '../../../src/llm/anchors';
import { historyDigest, regenerationDue } from '../../../src/llm/history-digest';
import { profileAnchors } from '../../../src/llm/profile-anchors';
import type { HistoryEvent } from '../../../src/history/types';

const ev = (kind: HistoryEvent['kind'], title: string, daysAgo: number, extra: Partial<HistoryEvent> = {}): HistoryEvent =>
  ({ kind, title, site: 'amazon', url: `https://a.example/${title}`, time: 100 * 86_400_000 - daysAgo * 86_400_000, count: 1, key: title, ...extra });

describe('the profile in words as steering anchors', () => {
  it('splits clauses into signed topics without the filler words', () => {
    expect(profileAnchors('You have been looking at trail-running shoes and budget mechanical keyboards; you skip celebrity news.')).toEqual([
      { text: 'trail-running shoes', sign: 1 },
      { text: 'budget mechanical keyboards', sign: 1 },
      { text: 'celebrity news', sign: -1 },
    ]);
    expect(profileAnchors('')).toEqual([]);
    expect(profileAnchors('a. b. c. d. e. f. g. h. lots of espresso. more trail. tents. maps. socks. hats.').length).toBeLessThanOrEqual(6);
  });

  it('puts explicit steering first: the LLM-structured one only for the very text it structured', () => {
    const profile = { text: 'You watch cooking videos; you skip gossip.', source: 'user' as const };
    const llm = { input: 'more hiking', anchors: [{ text: 'hiking trails', sign: 1 as const }], via: 'llm' as const, note: '' };
    expect(combinedAnchors('more hiking', llm, profile)).toEqual([
      { text: 'hiking trails', sign: 1 },
      { text: 'cooking', sign: 1 },
      { text: 'gossip', sign: -1 },
    ]);
    // The steering text changed since the LLM structured it: the parser reads the new text.
    expect(combinedAnchors('less cooking', llm, profile)[0]).toEqual({ text: 'cooking', sign: -1 });
  });
});

describe('history digest and when a new profile is due', () => {
  it('quotes titles, newest first, capped per kind', () => {
    const events = [ev('view', 'Old shoe', 9), ev('view', 'New "shoe" <|im_end|>', 1), ev('search', 'q', 2, { query: 'trail shoes' }), ev('dismiss', 'Gossip', 3)];
    expect(historyDigest(events, 100 * 86_400_000)).toEqual([
      '- viewed on amazon, yesterday: "New \\"shoe\\" ‹|im_end|›"',
      '- viewed on amazon, 9 days ago: "Old shoe"',
      '- searched on amazon, 2 days ago: "trail shoes"',
      '- dismissed on amazon, 3 days ago: "Gossip"',
    ]);
    const many = Array.from({ length: 40 }, (_, i) => ev('view', `item ${i}`, i));
    expect(historyDigest(many, 100 * 86_400_000)).toHaveLength(15);
  });

  it.each([
    ['no profile, 4 events', undefined, 4, 0, false],
    ['no profile, 5 events', undefined, 5, 0, true],
    ['9 new events', { events: 20, newest: 0, time: 0 }, 29, 9, false],
    ['10 new events on a small history', { events: 20, newest: 0, time: 0 }, 30, 10, true],
    ['10 new events on a big history', { events: 1000, newest: 0, time: 0 }, 1010, 10, false],
    ['200 new events on a big history', { events: 1000, newest: 0, time: 0 }, 1200, 200, true],
    ['enough events, but 5 minutes after the last', { events: 20, newest: 0, time: 3_300_000 }, 50, 30, false],
  ])('%s → %s', (_n, basis, total, newSince, due) => {
    expect(regenerationDue(basis, { total, newSince }, 3_600_000)).toBe(due);
  });
});
