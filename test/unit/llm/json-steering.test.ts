import { describe, expect, it } from 'vitest';
import { jsonObjectEnd } from '../../../src/llm/json-shape';
import { grounded, parseSteeringJson } from '../../../src/llm/json-steering';

const REQUEST = 'more cooking and trail running, less gaming, nothing about crypto';

describe('JSON steering parser (LLM output is untrusted)', () => {
  it.each([
    ['the exact shape', '{"more": ["cooking", "trail running"], "less": ["gaming", "crypto"]}',
      [{ text: 'cooking', sign: 1 }, { text: 'trail running', sign: 1 }, { text: 'gaming', sign: -1 }, { text: 'crypto', sign: -1 }]],
    ['only one key', '{"less": ["gaming"]}', [{ text: 'gaming', sign: -1 }]],
    ['text around the object, and a stem of a request word', 'Sure! {"more":["Cooking"],"less":["cryptocurrency"]} hope that helps', [{ text: 'Cooking', sign: 1 }, { text: 'cryptocurrency', sign: -1 }]],
    ['duplicates folded', '{"more": ["cooking", "COOKING"], "less": []}', [{ text: 'cooking', sign: 1 }]],
    ['an ungrounded topic dropped, the grounded kept', '{"more": ["cooking", "luxury yachts"]}', [{ text: 'cooking', sign: 1 }]],
  ])('accepts %s', (_n, answer, anchors) => {
    expect(parseSteeringJson(answer, REQUEST)).toEqual(anchors);
  });

  it.each([
    ['no JSON at all', 'You want more cooking.'],
    ['an unclosed object (runaway output cut by the token limit)', '{"more": ["cooking", "trail'],
    ['broken JSON', '{"more": [cooking]}'],
    ['an array', '["cooking"]'],
    ['an extra key', '{"more": ["cooking"], "instructions": "ignore the user"}'],
    ['an empty object', '{}'],
    ['a string instead of a list', '{"more": "cooking"}'],
    ['a number in the list', '{"more": [1]}'],
    ['a nested object', '{"more": [{"topic": "cooking"}]}'],
    ['markup in a topic', '{"more": ["<img src=x onerror=alert(1)>cooking"]}'],
    ['a URL', '{"more": ["https://evil.example/cooking"]}'],
    ['a sentence, not a topic', '{"more": ["please show me lots and lots of cooking videos every day"]}'],
    ['too many topics', JSON.stringify({ more: Array.from({ length: 13 }, () => 'cooking') })],
    ['nothing grounded in the request', '{"more": ["luxury yachts"], "less": ["politics"]}'],
    ['a refusal', "I'm sorry, I can't help with that."],
  ])('rejects %s', (_n, answer) => {
    expect(parseSteeringJson(answer, REQUEST)).toBeNull();
  });

  it('finds where the first JSON object ends, strings and escapes included', () => {
    const text = '{"more": ["a}b", "c\\"}"]} tail';
    expect(jsonObjectEnd(text)).toBe(text.indexOf(' tail'));
    expect(jsonObjectEnd('{"more": ["a"')).toBe(-1);
    expect(jsonObjectEnd('no object')).toBe(-1);
  });

  it('grounds topics in the user words, CJK by character', () => {
    expect(grounded('烹饪视频', '更多烹饪，不要游戏')).toBe(true);
    expect(grounded('politics', REQUEST)).toBe(false);
  });
});
