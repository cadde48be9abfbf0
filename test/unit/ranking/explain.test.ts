import { describe, expect, it } from 'vitest';
import { LexicalEmbedder } from '../../../src/ranking/lexical-embedder';
import { buildProfile } from '../../../src/ranking/profile-build';
import { rankWithEmbedder } from '../../../src/ranking/rank';
import { eventsFrom, historyEvent, HOUR, items } from './factories';

describe('explanations', () => {
  it('name the history item that moved an item up and the dismissal that moved one down', async () => {
    const e = new LexicalEmbedder();
    const history = eventsFrom(['Lodge cast iron skillet', 'Ultralight tent two person', 'Espresso machine steam wand']);
    history.push(historyEvent('Golf balls twelve pack', { kind: 'dismiss', time: history.at(-1)!.time + HOUR }));
    const profile = await buildProfile(history, e);
    const list = items('Desk lamp', 'Golf balls pack', 'Cast iron skillet lid', 'USB cable', 'Phone case');
    const r = await rankWithEmbedder({ items: list, profile, settings: { strength: 1, fullEvidence: 1, diversity: 0 } }, e);
    const up = r.explanations[2]!;
    expect(up.to).toBe(0);
    expect(up.reasons.find((x) => x.kind === 'similar-to')).toMatchObject({ direction: 'up', text: 'Lodge cast iron skillet' });
    expect(up.reasons.every((x) => x.direction === 'up')).toBe(true);
    const down = r.explanations[1]!;
    expect(down.to).toBe(4);
    expect(down.reasons.find((x) => x.kind === 'dismissed')).toMatchObject({ direction: 'down', text: 'Golf balls twelve pack' });
  });

  it('without a model, name the dismissed words that moved an item down', async () => {
    const history = eventsFrom(['Lodge cast iron skillet', 'Ultralight tent two person', 'Espresso machine steam wand']);
    history.push(historyEvent('Celebrity gossip magazine', { kind: 'dismiss', time: history.at(-1)!.time + HOUR }));
    history.push(historyEvent('Hollywood gossip special', { kind: 'dismiss', time: history.at(-1)!.time + HOUR }));
    const profile = await buildProfile(history, null);
    const list = items('Celebrity gossip weekly', 'Desk lamp', 'Cast iron skillet lid', 'USB cable');
    const r = await rankWithEmbedder({ items: list, profile, settings: { strength: 1, fullEvidence: 1, diversity: 0 } }, null);
    expect(r.method).toBe('lexical');
    const down = r.explanations[0]!;
    expect(down.to).toBe(3);
    expect(down.reasons.find((x) => x.kind === 'dismissed')).toMatchObject({ direction: 'down', text: expect.stringMatching(/gossip|celebrity/) });
  });

  it('say when an item is demoted because it was already seen', async () => {
    const e = new LexicalEmbedder();
    const profile = await buildProfile(eventsFrom(['Cast iron skillet', 'Cast iron dutch oven', 'Cast iron grill pan']), e);
    const list = items('Cast iron skillet', 'Cast iron griddle');
    const r = await rankWithEmbedder({ items: list, profile, settings: { strength: 1, fullEvidence: 1, diversity: 0 } }, e);
    expect(r.order).toEqual([1, 0]);
    expect(r.explanations[0]?.reasons.some((x) => x.kind === 'owned' && x.direction === 'down')).toBe(true);
  });
});
