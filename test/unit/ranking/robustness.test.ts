import { describe, expect, it } from 'vitest';
import { LexicalEmbedder } from '../../../src/ranking/lexical-embedder';
import { createProfile } from '../../../src/ranking/profile';
import type { Profile } from '../../../src/ranking/profile';
import { buildProfile } from '../../../src/ranking/profile-build';
import { isPermutation, rankItems, rankWithEmbedder } from '../../../src/ranking/rank';
import type { PageItem } from '../../../src/ranking/types';
import { eventsFrom, FailingEmbedder, items, NanEmbedder } from './factories';

const e = new LexicalEmbedder();
let warm: Profile;

async function warmProfile(): Promise<Profile> {
  warm ??= await buildProfile(eventsFrom(['trail running shoes', 'cast iron skillet', 'constructor toString __proto__']), e);
  return warm;
}

const lists: Array<[string, () => PageItem[]]> = [
  ['empty list', () => []],
  ['a list of one', () => items('trail shoes')],
  ['empty titles', () => items('', '', 'trail running', '')],
  ['duplicates', () => items('trail running shoes', 'trail running shoes', 'skillet', 'trail running shoes')],
  ['prototype words', () => items('constructor', '__proto__ hasOwnProperty', 'toString valueOf')],
  ['5,000 items', () => items(...Array.from({ length: 5000 }, (_, i) => `item ${i} ${i % 3 ? 'running shoes' : 'skillet'}`))],
  ['non-string titles', () => [{ title: 42 as unknown as string }, { title: null as unknown as string }, { title: 'shoes' }]],
];

describe('bad input', () => {
  it.each(lists)('%s gives a valid permutation', async (_name, make) => {
    const list = make();
    const r = await rankWithEmbedder({ items: list, profile: await warmProfile(), settings: { diversity: 0.5 } }, e);
    expect(isPermutation(r.order, list.length)).toBe(true);
  });

  it('cold start keeps the platform order and says so', async () => {
    const r = await rankWithEmbedder({ items: items('a b', 'c d', 'e f'), profile: createProfile(e) }, e);
    expect(r).toMatchObject({ order: [0, 1, 2], coldStart: true, method: 'platform' });
  });

  it('NaN vectors from a broken model fall back to lexical ranking', async () => {
    const nan = new NanEmbedder();
    const profile = await buildProfile(eventsFrom(['trail running shoes', 'running shoes']), nan);
    const r = await rankWithEmbedder({ items: items('skillet', 'running shoes for women', 'tent'), profile, settings: { strength: 1, fullEvidence: 1 } }, nan);
    expect(r.method).toBe('lexical');
    expect(r.order[0]).toBe(1);
  });

  it('a failing embedder falls back to lexical and reports it', async () => {
    const profile = await warmProfile();
    const r = await rankWithEmbedder({ items: items('skillet', 'running shoes', 'tent'), profile }, new FailingEmbedder());
    expect(r.method).toBe('lexical');
    expect(r.warnings.join(' ')).toMatch(/failed/);
    expect(isPermutation(r.order, 3)).toBe(true);
  });

  it('garbage profile or settings never throw', () => {
    const r = rankItems({ items: items('a', 'b'), profile: {} as Profile, settings: { strength: Number.NaN } });
    expect(isPermutation(r.order, 2)).toBe(true);
    const bad = rankItems(null as never);
    expect(bad.order).toEqual([]);
  });
});
