import { describe, expect, it } from 'vitest';
import { blendScores, effectiveStrength, orderByScore } from '../../../src/ranking/blend';
import { LexicalEmbedder } from '../../../src/ranking/lexical-embedder';
import { buildProfile } from '../../../src/ranking/profile-build';
import { rankWithEmbedder } from '../../../src/ranking/rank';
import { eventsFrom, items } from './factories';

const personal = [-1, 0.5, 2, -0.3, 1.1];

describe('blend with the platform order', () => {
  it('keeps the platform order at strength 0', () => {
    expect(orderByScore(blendScores(personal, 0))).toEqual([0, 1, 2, 3, 4]);
  });

  it('follows the personal scores at full strength', () => {
    expect(orderByScore(blendScores(personal, 1))).toEqual([2, 4, 1, 3, 0]);
  });

  it('moves items progressively as strength grows', () => {
    const moved = [0, 0.25, 0.5, 0.75, 1].map((a) => orderByScore(blendScores(personal, a)).filter((x, i) => x !== i).length);
    expect(moved[0]).toBe(0);
    expect(moved.at(-1)).toBeGreaterThan(0);
  });

  it('scales strength by evidence: weak profiles stay near the platform order', () => {
    expect(effectiveStrength(1, 0, 8)).toBe(0);
    expect(effectiveStrength(1, 4, 8)).toBe(0.5);
    expect(effectiveStrength(1, 100, 8)).toBe(1);
    expect(effectiveStrength(0.5, 100, 8)).toBe(0.5);
    expect(effectiveStrength(Number.NaN, 100, 8)).toBe(0);
  });

  it('end to end: strength 0 keeps order, strength 1 puts the matching item first', async () => {
    const e = new LexicalEmbedder();
    const profile = await buildProfile(eventsFrom(Array.from({ length: 12 }, () => 'trail running shoes')), e);
    const list = items('golf balls', 'chef knife', 'trail running shoes women');
    const keep = await rankWithEmbedder({ items: list, profile, settings: { strength: 0, diversity: 0 } }, e);
    const follow = await rankWithEmbedder({ items: list, profile, settings: { strength: 1, diversity: 0 } }, e);
    expect(keep.order).toEqual([0, 1, 2]);
    expect(follow.order[0]).toBe(2);
    expect(follow.method).toBe('encoder');
  });
});
