import { describe, expect, it } from 'vitest';
import { bm25, emptyCorpus, addDocument } from '../../../src/ranking/bm25';
import { createProfile } from '../../../src/ranking/profile';
import { applyEvents } from '../../../src/ranking/profile-update';
import { rankItems } from '../../../src/ranking/rank';
import { tokenize } from '../../../src/ranking/tokenize';
import { eventsFrom, items } from './factories';

describe('lexical path', () => {
  it.each([
    ['Trail Running Shoes, Size 42', ['trail', 'running', 'shoes', 'size', '42']],
    ['无线降噪耳机', ['无线', '线降', '降噪', '噪耳', '耳机']],
    ['Sony 降噪耳机 WH-1000XM5', ['sony', '降噪', '噪耳', '耳机', 'wh', '1000xm5']],
    ['', []],
  ])('tokenizes %j', (title, expected) => {
    expect(tokenize(title)).toEqual(expected);
  });

  it('scores Chinese titles by shared character bigrams', () => {
    const corpus = emptyCorpus();
    for (const t of ['无线降噪耳机', '不锈钢菜刀套装', '蓝牙音箱', '运动跑鞋']) addDocument(corpus, t);
    const query = new Map([['降噪', 1], ['耳机', 1]]);
    expect(bm25(query, '蓝牙头戴式降噪耳机', corpus).score).toBeGreaterThan(0);
    expect(bm25(query, '不锈钢菜刀套装', corpus).score).toBe(0);
  });

  it('ranks a Chinese list with no encoder at all and says it ran lexically', () => {
    const profile = applyEvents(createProfile(null), eventsFrom(['索尼无线降噪耳机', '降噪耳机保护套', '机械键盘']));
    const list = items('不锈钢菜刀套装', '运动跑鞋', '蓝牙头戴式降噪耳机', '儿童玩具');
    const r = rankItems({ items: list, profile, settings: { strength: 1, fullEvidence: 1, diversity: 0 } });
    expect(r.method).toBe('lexical');
    expect(r.order[0]).toBe(2);
    // Without an encoder the per-item word match still names the history item behind the move.
    const reasons = r.explanations[2]?.reasons ?? [];
    expect(reasons[0]).toMatchObject({ kind: 'similar-to', direction: 'up' });
    expect(['索尼无线降噪耳机', '降噪耳机保护套']).toContain(reasons[0]?.text);
    expect(reasons.some((x) => x.kind === 'terms' && x.direction === 'up')).toBe(true);
  });
});
