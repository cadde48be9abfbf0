import { describe, expect, it } from 'vitest';
import { LexicalEmbedder } from '../../../src/ranking/lexical-embedder';
import { createProfile } from '../../../src/ranking/profile';
import { applyEvents } from '../../../src/ranking/profile-update';
import { rankItems } from '../../../src/ranking/rank';
import { eventsFrom, historyEvent, items } from './factories';

const embedder = new LexicalEmbedder(32);
const WORDS = ['running', 'shoes', 'skillet', 'tent', 'camera', 'lens', 'guitar', 'strings', 'yoga', 'mat', 'coffee', 'grinder'];
const title = (i: number): string => `${WORDS[i % 12]} ${WORDS[(i * 7) % 12]} model ${i % 97}`;

async function profileOf(n: number) {
  const events = eventsFrom(Array.from({ length: n }, (_, i) => title(i)));
  for (let i = 0; i < n; i += 40) events[i] = historyEvent(title(i), { kind: 'dismiss', time: events[i]!.time });
  const vecs = await embedder.embed(events.map((e) => e.title), 'passage');
  return applyEvents(createProfile(embedder), events, vecs);
}

describe('scoring cost', () => {
  it('does not grow with history length (counted comparisons, not a timer)', async () => {
    const list = items(...Array.from({ length: 40 }, (_, i) => title(i * 3 + 1)));
    const vectors = await embedder.embed(list.map((x) => x.title), 'passage');
    const counts: number[] = [];
    // Sizes past every cap (30 dismissals, 50 recent, 8 interests): from there on nothing may grow.
    for (const n of [1600, 3200, 6400]) {
      const profile = await profileOf(n);
      counts.push(rankItems({ items: list, profile, vectors }).comparisons);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
    // Bound: items × (interests + recent + negatives + 1 list typicality), from the caps alone.
    expect(counts[0]).toBeLessThanOrEqual(40 * (8 + 50 + 30 + 1));
  });
});
