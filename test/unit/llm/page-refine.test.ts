import { describe, expect, it } from 'vitest';
import type { LlmService } from '../../../src/llm/llm-service';
import { refineRanking } from '../../../src/llm/page-refine';
import type { Refined } from '../../../src/llm/refine';
import type { ListRanking } from '../../../src/messaging/protocol';

const ranking: ListRanking = {
  id: 'l1', order: [2, 0, 1, 3], method: 'lexical', coldStart: false, strength: 0.7, final: true,
  reasons: [[{ direction: 'up', text: 'words you look for: trail', kind: 'terms' }], [], [{ direction: 'up', text: 'similar to “x”', kind: 'similar-to' }], []],
};
const items = ['a', 'b', 'c', 'd'].map((title) => ({ title }));
const llm = (answer: Refined | null) => ({ refine: async () => answer }) as unknown as LlmService;

describe('refineRanking (the page loop’s LLM step)', () => {
  it('applies the LLM order and leads the moved items’ badges with the LLM', async () => {
    const r = await refineRanking(llm({ order: [0, 2, 1, 3], changed: true, note: '' }), items, ranking);
    expect(r?.order).toEqual([0, 2, 1, 3]);
    expect(r?.reasons[0]).toEqual([{ direction: 'up', text: 'raised by the on-device LLM', kind: 'llm' }, { direction: 'up', text: 'words you look for: trail', kind: 'terms' }]);
    expect(r?.reasons[2]).toEqual([{ direction: 'down', text: 'lowered by the on-device LLM', kind: 'llm' }]);
    expect(r?.reasons[1]).toEqual([]);
    expect(r).toMatchObject({ id: 'l1', final: true, method: 'lexical' });
  });

  it('returns null when the LLM keeps or cannot change the order', async () => {
    expect(await refineRanking(llm(null), items, ranking)).toBeNull();
    expect(await refineRanking(llm({ order: ranking.order, changed: false, note: '' }), items, ranking)).toBeNull();
  });
});
