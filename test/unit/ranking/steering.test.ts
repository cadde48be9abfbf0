import { describe, expect, it } from 'vitest';
import { buildProfile, setAnchors } from '../../../src/ranking/profile-build';
import { rankWithEmbedder } from '../../../src/ranking/rank';
import { parseSteering } from '../../../src/ranking/steering';
import { eventsFrom, items } from './factories';

describe('steering in plain words', () => {
  it.each([
    ['more cooking, less gaming, nothing about crypto', [{ text: 'cooking', sign: 1 }, { text: 'gaming', sign: -1 }, { text: 'crypto', sign: -1 }]],
    ['trail running and no celebrity gossip', [{ text: 'trail running', sign: 1 }, { text: 'celebrity gossip', sign: -1 }]],
    ['更多 烹饪; 少游戏，不要八卦', [{ text: '烹饪', sign: 1 }, { text: '游戏', sign: -1 }, { text: '八卦', sign: -1 }]],
    ['<script>alert(1)</script>', [{ text: 'script alert 1 script', sign: 1 }]],
    ['', []],
    ['more cooking, MORE COOKING', [{ text: 'cooking', sign: 1 }]],
  ])('%j', (input, expected) => {
    expect(parseSteering(input)).toEqual(expected);
  });

  it('caps the number of anchors', () => {
    expect(parseSteering(Array.from({ length: 40 }, (_, i) => `topic${i}`).join(', '))).toHaveLength(12);
  });

  it('moves items the user asked for up and those they asked against down', async () => {
    const profile = await buildProfile(eventsFrom(['Desk lamp', 'USB cable', 'Phone case', 'Notebook', 'Pen set']), null);
    const steered = await setAnchors(profile, parseSteering('more cooking, less gaming'), null);
    const list = items('Gaming mouse RGB', 'Desk organiser', 'Cooking pot set', 'Cable ties');
    const r = await rankWithEmbedder({ items: list, profile: steered, settings: { strength: 1, fullEvidence: 1, diversity: 0 } }, null);
    expect(r.order[0]).toBe(2);
    expect(r.order.at(-1)).toBe(0);
  });
});
