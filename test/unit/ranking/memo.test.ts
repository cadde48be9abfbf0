import { describe, expect, it } from 'vitest';
import { LexicalEmbedder } from '../../../src/ranking/lexical-embedder';
import { buildProfile } from '../../../src/ranking/profile-build';
import { rankItems } from '../../../src/ranking/rank';
import { DEFAULT_WEIGHTS } from '../../../src/ranking/settings';
import { eventsFrom, items } from './factories';

const e = new LexicalEmbedder(64);
const history = ['trail running shoes', 'running socks merino', 'cast iron skillet', 'espresso grinder burr'];
const titles = ['trail running vest', 'skillet lid', 'gossip magazine', 'burr grinder', 'running shoes road', 'garden hose'];

async function setup() {
  const profile = await buildProfile(eventsFrom(history), e);
  const list = items(...titles);
  const vectors = await e.embed(titles, 'passage');
  return { profile, list, vectors };
}

describe('per-list feature memo', () => {
  it('re-ranking the same list with other weights gives what a fresh list gives', async () => {
    const { profile, list, vectors } = await setup();
    const weights = { ...DEFAULT_WEIGHTS, lexical: 0, typicality: 0 };
    rankItems({ items: list, profile, vectors });
    const reused = rankItems({ items: list, profile, vectors, settings: { weights } });
    const fresh = rankItems({ items: [...list], profile, vectors: [...vectors], settings: { weights } });
    expect(reused.order).toEqual(fresh.order);
    expect(reused.explanations).toEqual(fresh.explanations);
  });

  it('a list edited in place is scored anew, not from the memo', async () => {
    const { profile, list, vectors } = await setup();
    const before = rankItems({ items: list, profile, vectors });
    list[0] = { title: 'espresso grinder burr' };
    vectors[0] = (await e.embed(['espresso grinder burr'], 'passage'))[0]!;
    const after = rankItems({ items: list, profile, vectors });
    const fresh = rankItems({ items: [...list], profile, vectors: [...vectors] });
    expect(after.order).toEqual(fresh.order);
    expect(after.order).not.toEqual(before.order);
  });

  it('a lexical pass and an encoder pass on one list do not share features', async () => {
    const { profile, list, vectors } = await setup();
    const withVectors = rankItems({ items: list, profile, vectors });
    const lexical = rankItems({ items: list, profile });
    expect(withVectors.method).toBe('encoder');
    expect(lexical.method).toBe('lexical');
    expect(rankItems({ items: list, profile, vectors }).order).toEqual(withVectors.order);
  });
});
