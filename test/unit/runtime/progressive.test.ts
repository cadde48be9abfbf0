/**
 * Progressive ranking in the content script: the first order is applied without waiting for the
 * model; the final order moves only items the user has not seen; a list that leaves the page
 * cancels the model work still queued for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pinSeen } from '../../../src/adapters/list-ranker';
import type { RankFn, RankStage } from '../../../src/adapters/list-ranker';
import { startRunner } from '../../../src/adapters/runner';
import { adapter, page } from './list-page';
import type { Viewport } from '../../../src/dom/viewport';
import type { ListRanking, PageReport } from '../../../src/messaging/protocol';


/** A viewport showing the first `rows` children of the list (by their DOM position when asked). */
function fakeViewport(rows: number): Viewport & { seen: Set<Element> } {
  const seen = new Set<Element>();
  const onScreen = (el: Element) => [...(el.parentElement?.children ?? [])].indexOf(el) < rows;
  return { seen, wasSeen: (el) => seen.has(el) || onScreen(el), watch: () => undefined, settled: async () => undefined, unwatch: () => undefined, onScreen: (_el, fn) => (fn(), () => undefined) };
}

const ranking = (id: string, order: number[], final: boolean, method: ListRanking['method']): ListRanking => ({
  id, order, final, method, coldStart: false, strength: 1,
  reasons: order.map(() => [{ direction: 'up' as const, kind: 'similar-to', text: 'similar to “x”' }]),
});

/**
 * A background whose first stage answers at once (reversed, words only) and whose final stage
 * waits for a slow embedder that the test releases (then: original order sorted by `final`).
 */
function slowBackground(finalOrder: (n: number) => number[]) {
  const calls: { stage: RankStage; signal: AbortSignal }[] = [];
  let release: () => void = () => undefined;
  const embedded = new Promise<void>((r) => (release = r));
  const rank: RankFn = async (lists, stage, signal) => {
    calls.push({ stage, signal });
    const n = lists[0]?.items.length ?? 0;
    if (stage === 'first') return { badges: true, lists: lists.map((l) => ranking(l.id, l.items.map((_, i) => n - 1 - i), false, 'lexical')) };
    await embedded;
    return { badges: true, lists: lists.map((l) => ranking(l.id, finalOrder(n), true, 'encoder')) };
  };
  return { rank, calls, release };
}

const frames = () => new Promise((r) => setTimeout(r, 40));
const texts = (ul: Element) => [...ul.querySelectorAll('a')].map((a) => a.textContent);
let controller = new AbortController();
afterEach(() => controller.abort());

function run(rank: RankFn, view: Viewport) {
  controller = new AbortController();
  const reports: PageReport[] = [];
  const runner = startRunner({ adapter, site: 'generic:shop.test', rank, record: () => undefined, report: async (r) => void reports.push(r), signal: controller.signal, view, reportDelayMs: 0 });
  return { runner, reports };
}

describe('progressive ranking', () => {
  it('applies the first order without waiting for the slow embedder, then refines below what was seen', async () => {
    const ul = page(8);
    const view = fakeViewport(3);
    const bg = slowBackground((n) => Array.from({ length: n }, (_, i) => i)); // the model wants the page order back
    const { reports } = run(bg.rank, view);
    await frames();
    // First order on the page while the embedder still has not answered.
    expect(texts(ul)).toEqual(['Item 7', 'Item 6', 'Item 5', 'Item 4', 'Item 3', 'Item 2', 'Item 1', 'Item 0']);
    expect(bg.calls.map((c) => c.stage)).toEqual(['first', 'final']);
    expect(reports.at(-1)?.lists[0]).toMatchObject({ method: 'lexical', firstMs: expect.any(Number) });
    const seenNodes = [...ul.children].slice(0, 3);
    bg.release();
    await frames();
    // The three seen items kept their places; the rest follow the final order.
    expect([...ul.children].slice(0, 3)).toEqual(seenNodes);
    expect(texts(ul)).toEqual(['Item 7', 'Item 6', 'Item 5', 'Item 0', 'Item 1', 'Item 2', 'Item 3', 'Item 4']);
    const list = reports.at(-1)?.lists[0];
    expect(list).toMatchObject({ method: 'encoder', refined: 4, refinedSeen: 0, finalMs: expect.any(Number) });
    expect(list?.moved).toBe([7, 6, 5, 0, 1, 2, 3, 4].filter((from, to) => from !== to).length);
  });

  it('never moves an item seen after the first order (scrolled into view meanwhile)', async () => {
    const ul = page(6);
    const view = fakeViewport(0); // nothing on screen at first paint
    const bg = slowBackground((n) => Array.from({ length: n }, (_, i) => i));
    run(bg.rank, view);
    await frames();
    const scrolledTo = ul.children[4]!; // 'Item 1', seen while the model was busy
    view.seen.add(scrolledTo);
    bg.release();
    await frames();
    expect([...ul.children].indexOf(scrolledTo)).toBe(4);
    expect(texts(ul)).toEqual(['Item 0', 'Item 2', 'Item 3', 'Item 4', 'Item 1', 'Item 5']);
  });

  it('puts the page back exactly after a refinement', async () => {
    const ul = page(6);
    const nodes = [...ul.children];
    const html = ul.outerHTML;
    const bg = slowBackground((n) => Array.from({ length: n }, (_, i) => (i * 5) % n));
    const { runner } = run(bg.rank, fakeViewport(2));
    await frames();
    bg.release();
    await frames();
    expect(ul.outerHTML).not.toBe(html);
    await runner.showOriginal(true);
    expect([...ul.children]).toEqual(nodes);
    expect(ul.outerHTML).toBe(html);
  });

  it('cancels the model work of a list that left the page, and ignores its late answer', async () => {
    const ul = page(5);
    const bg = slowBackground((n) => Array.from({ length: n }, (_, i) => i));
    run(bg.rank, fakeViewport(0));
    await frames();
    const final = bg.calls.find((c) => c.stage === 'final');
    expect(final?.signal.aborted).toBe(false);
    ul.remove(); // the site replaced the list
    document.body.append(document.createElement('div'));
    await frames();
    expect(final?.signal.aborted).toBe(true);
    bg.release();
    await frames();
    expect(texts(ul)).toEqual(['Item 4', 'Item 3', 'Item 2', 'Item 1', 'Item 0']); // detached, untouched
  });

  it('asks no final stage when the first order is already final (vectors cached)', async () => {
    page(4);
    const calls: RankStage[] = [];
    const rank: RankFn = async (lists, stage) => (calls.push(stage), { badges: false, lists: lists.map((l) => ranking(l.id, [3, 2, 1, 0], true, 'encoder')) });
    const { reports } = run(rank, fakeViewport(4));
    await frames();
    expect(calls).toEqual(['first']);
    expect(reports.at(-1)?.lists[0]).toMatchObject({ method: 'encoder', refined: 0 });
  });
});

describe('pinSeen', () => {
  it.each([
    { shown: [3, 2, 1, 0], wanted: [0, 1, 2, 3], seen: [3], out: [3, 0, 1, 2] },
    { shown: [3, 2, 1, 0], wanted: [0, 1, 2, 3], seen: [], out: [0, 1, 2, 3] },
    { shown: [3, 2, 1, 0], wanted: [0, 1, 2, 3], seen: [3, 2, 1, 0], out: [3, 2, 1, 0] },
    { shown: [0, 1, 2, 3, 4], wanted: [4, 3, 2, 1, 0], seen: [2], out: [4, 3, 2, 1, 0] },
    { shown: [0, 1, 2, 3, 4], wanted: [4, 3, 2, 1, 0], seen: [1], out: [4, 1, 3, 2, 0] },
  ])('keeps seen items in place: $shown → $wanted, seen $seen', ({ shown, wanted, seen, out }) => {
    expect(pinSeen(shown, wanted, (i) => seen.includes(i))).toEqual(out);
  });
});
