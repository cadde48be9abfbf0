import { describe, expect, it } from 'vitest';
import { LexicalEmbedder } from '../../../src/ranking/lexical-embedder';
import { buildProfile } from '../../../src/ranking/profile-build';
import { rankWithEmbedder } from '../../../src/ranking/rank';
import { eventsFrom, items } from './factories';

/** How many of the top k titles belong to the near-duplicate "running shoes" cluster. */
function clusterAtTop(titles: string[], k: number): number {
  return titles.slice(0, k).filter((t) => t.includes('running shoes')).length;
}

describe('MMR diversity', () => {
  it('reduces near-duplicates at the top of the list', async () => {
    const e = new LexicalEmbedder();
    const history = eventsFrom(['trail running shoes', 'running shoes men', 'cast iron skillet', 'running shoes women', 'trail running shoes']);
    const profile = await buildProfile(history, e);
    const list = items(
      'trail running shoes red', 'trail running shoes blue', 'trail running shoes green', 'trail running shoes black',
      'cast iron skillet 10 inch', 'golf balls', 'cast iron grill pan', 'desk lamp',
    );
    const base = { items: list, profile, settings: { strength: 1, platformPrior: false } } as const;
    const plain = await rankWithEmbedder({ ...base, settings: { ...base.settings, diversity: 0 } }, e);
    // Four of five history events are shoes, so the shoes lead by a wide margin: full diversity.
    const diverse = await rankWithEmbedder({ ...base, settings: { ...base.settings, diversity: 1 } }, e);
    const titles = (o: number[]): string[] => o.map((i) => list[i]?.title ?? '');
    expect(clusterAtTop(titles(plain.order), 4)).toBeGreaterThanOrEqual(3);
    expect(clusterAtTop(titles(diverse.order), 4)).toBeLessThan(clusterAtTop(titles(plain.order), 4));
    expect(clusterAtTop(titles(diverse.order), 4)).toBeLessThanOrEqual(2);
    expect(titles(diverse.order)[0]).toBe(titles(plain.order)[0]);
  });
});
