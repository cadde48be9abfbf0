/**
 * The synthetic shop page of the `loop` bench section, and its own (page-world) script.
 *
 * The page script is what a site's framework would be: it builds a list of N cards off-DOM, marks
 * `performance.now()`, appends the list, and a MutationObserver of the page notes when the
 * content script puts `data-localrank-list` on the container (LocalRank sets it in the same task
 * in which it moves the cards, src/dom/reorder.ts). An init script records Long Tasks (any origin).
 */
import type { Page } from 'playwright-core';

/** Host of the synthetic page, switched on as a generic site. */
export const BENCH_HOST = 'shop.bench.test';
export const BENCH_URL = `https://${BENCH_HOST}/`;

/** One list inserted by the page and what LocalRank did to it. */
export interface Insertion {
  /** ms from just before `append` to the page's observer seeing `data-localrank-list`; NaN on timeout. */
  readonly ms: number;
  /** Cards not in the order the page inserted them. */
  readonly displaced: number;
}

/** A Long Task (≥ 50 ms) seen by the page's PerformanceObserver, any origin. */
export interface LongTask {
  readonly start: number;
  readonly duration: number;
}

/** The page script, run in the page world (a plain string: the page is served as HTML). */
const PAGE_SCRIPT = String.raw`
(() => {
  let uid = 0;
  const card = (title) => {
    const li = document.createElement('li');
    li.className = 'card';
    const a = document.createElement('a');
    a.href = '/p/' + (uid++);
    const img = document.createElement('img');
    img.width = 40; img.height = 40; img.alt = '';
    const h = document.createElement('h3');
    h.textContent = title;
    const price = document.createElement('span');
    price.className = 'price';
    price.textContent = '€' + (uid % 97);
    a.append(img, h);
    li.append(a, price);
    return li;
  };
  window.__lrBench = {
    insert(titles, timeoutMs) {
      document.querySelectorAll('ul.bench-list').forEach((u) => u.remove());
      const ul = document.createElement('ul');
      ul.className = 'bench-list';
      const cards = titles.map(card);
      ul.append(...cards);
      return new Promise((resolve) => {
        let t0 = 0;
        const done = (ms) => {
          mo.disconnect();
          clearTimeout(timer);
          const now = [...ul.children];
          resolve({ ms, displaced: cards.filter((c, i) => now[i] !== c).length });
        };
        const mo = new MutationObserver(() => {
          if (ul.hasAttribute('data-localrank-list')) done(performance.now() - t0);
        });
        mo.observe(ul, { attributes: true, attributeFilter: ['data-localrank-list'] });
        const timer = setTimeout(() => done(NaN), timeoutMs);
        t0 = performance.now();
        document.querySelector('main').append(ul);
      });
    },
    /** Infinite scroll: append titles.length cards to the current list, batch by batch, one batch per gapMs. */
    async scroll(titles, batch, gapMs) {
      const ul = document.querySelector('ul.bench-list');
      for (let i = 0; i < titles.length; i += batch) {
        ul.append(...titles.slice(i, i + batch).map(card));
        await new Promise((r) => setTimeout(r, gapMs));
      }
      return ul.children.length;
    },
  };
})();
`;

/** The page's HTML. */
export function benchPageHtml(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Bench shop</title></head><body><header>Bench shop</header><main></main><script>${PAGE_SCRIPT}</script></body></html>`;
}

/** Insert a list of `titles` from the page's own script; resolves when LocalRank applied its order. */
export function insertList(tab: Page, titles: readonly string[], timeoutMs = 10_000): Promise<Insertion> {
  return tab.evaluate(([t, ms]) => (window as unknown as { __lrBench: { insert(t: string[], ms: number): Promise<Insertion> } }).__lrBench.insert(t, ms), [[...titles], timeoutMs] as [string[], number]);
}

/** Append `titles` to the current list as infinite scroll does; resolves with the list's length. */
export function scrollAppend(tab: Page, titles: readonly string[], batch: number, gapMs: number): Promise<number> {
  return tab.evaluate(([t, b, g]) => (window as unknown as { __lrBench: { scroll(t: string[], b: number, g: number): Promise<number> } }).__lrBench.scroll(t, b, g), [[...titles], batch, gapMs] as [string[], number, number]);
}

/** Make `tab`'s documents record their Long Tasks from the start (call before navigating). */
export async function recordLongTasks(tab: Page): Promise<void> {
  await tab.addInitScript(() => {
    const tasks: LongTask[] = [];
    (window as unknown as { __lrLongTasks: LongTask[] }).__lrLongTasks = tasks;
    try {
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      /* no Long Tasks API */
    }
  });
}

/** Long Tasks the page has seen since `since` (page `performance.now()` ms). */
export async function longTasksSince(tab: Page, since: number): Promise<LongTask[]> {
  const all = await tab.evaluate(() => (window as unknown as { __lrLongTasks?: LongTask[] }).__lrLongTasks ?? []);
  return all.filter((t) => t.start + t.duration >= since);
}

/** The page's `performance.now()`. */
export function pageNow(tab: Page): Promise<number> {
  return tab.evaluate(() => performance.now());
}
