/**
 * `loop` bench section: the ranking loop in the built extension in Chromium, seen from the page.
 *
 * 1. Latency: the page's script appends a list of N cards; its MutationObserver notes when the
 *    content script marks the container `data-localrank-list` (same task as the reorder).
 * 2. Main-thread cost: CDP Profiler samples attributed to the content script's URL, per list on
 *    the synthetic page, per "rank again" on the largest fixture pages, and during a 5,000-card
 *    infinite-scroll simulation; Long Tasks (any origin) seen by the page in the same windows.
 * 3. Targets printed beside the figures; nothing is asserted.
 */
import type { Page } from 'playwright-core';
import { ext } from '../../test/e2e/loop-helpers';
import { BENCH_URL, insertList, longTasksSince, pageNow, scrollAppend } from './loop-page';
import type { LongTask } from './loop-page';
import { profile } from './loop-profile';
import type { ScriptTime } from './loop-profile';
import { printLoop } from './loop-report';
import type { CostRow, LatencyRow, ScrollFigures } from './loop-report';
import { AMAZON_URL, startLoopSession, TEST_MODEL, YOUTUBE_URL } from './loop-session';
import type { LoopSession } from './loop-session';
import { freshTitles } from './titles';

type Mode = 'no model (lexical)' | 'warm model' | 'cached vectors';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const maxOf = (tasks: readonly LongTask[]) => tasks.reduce((m, t) => Math.max(m, t.duration), 0);

interface ListFigures { method: string; items: number; firstMs?: number; finalMs?: number; rankMs?: number; refined?: number; refinedSeen?: number }

/** The extension's report on the newest list of `tab`. */
async function newestList(s: LoopSession, tab: Page): Promise<ListFigures | undefined> {
  const r = await ext<{ lists: ListFigures[] } | null>(s.popup, 'tab.report', { tabId: await s.run.tabIdOf(tab) });
  return r?.lists.at(-1);
}

/**
 * The newest list's report once its final order is applied (progressive ranking), from a report
 * sent after `since` (reports are coalesced: the one before may still describe the previous list).
 */
async function finalReport(s: LoopSession, tab: Page, since: number, timeoutMs = 15_000): Promise<ListFigures | undefined> {
  const until = performance.now() + timeoutMs;
  const read = async () => {
    const r = await ext<{ time: number; lists: ListFigures[] } | null>(s.popup, 'tab.report', { tabId: await s.run.tabIdOf(tab) });
    return r && r.time >= since ? r.lists.at(-1) : undefined;
  };
  let r = await read();
  while (r?.finalMs === undefined && performance.now() < until) {
    await sleep(50);
    r = await read();
  }
  return r;
}

/** `runs` timed insertions per size in `mode`, then profiled 50-card insertions. */
async function latency(s: LoopSession, tab: Page, mode: Mode, runs: number, profiled: number, rows: LatencyRow[], costs: CostRow[]): Promise<void> {
  for (const size of [20, 50]) {
    const same = freshTitles(size);
    const titles = () => (mode === 'cached vectors' ? same : freshTitles(size));
    await insertList(tab, mode === 'cached vectors' ? same : freshTitles(size), 60_000); // warm-up, not counted
    const since = await pageNow(tab);
    const sample: number[] = [];
    const finals: number[] = [];
    const background: number[] = [];
    let displaced = 0;
    let refined = 0;
    let refinedSeen = 0;
    let method = '?';
    for (let i = 0; i < runs; i++) {
      const at = Date.now();
      const r = await insertList(tab, titles());
      sample.push(r.ms);
      displaced += r.displaced;
      const f = await finalReport(s, tab, at);
      finals.push(f?.finalMs ?? Number.NaN);
      background.push(f?.rankMs ?? Number.NaN);
      refined += f?.refined ?? 0;
      refinedSeen += f?.refinedSeen ?? 0;
      method = f?.method ?? '?';
      await sleep(50);
    }
    const tasks = await longTasksSince(tab, since);
    rows.push({ mode, size, sample, finals, background, refined: refined / runs, refinedSeen, method, displaced: displaced / runs, longTasks: tasks.length, maxLongTask: maxOf(tasks) });
  }
  const times: ScriptTime[] = [];
  const fifty = freshTitles(50);
  if (mode === 'cached vectors') await insertList(tab, fifty, 60_000);
  const since = await pageNow(tab);
  for (let i = 0; i < profiled; i++) {
    const p = await profile(tab, s.scriptUrl);
    await insertList(tab, mode === 'cached vectors' ? fifty : freshTitles(50));
    await sleep(200); // badges and the report after the reorder
    times.push(await p.stop());
  }
  const tasks = await longTasksSince(tab, since);
  costs.push({ what: `synthetic 50-card list, ${mode}`, times, longTasks: tasks.length, maxLongTask: maxOf(tasks) });
}

/** "Rank again" on a fixture page, profiled `runs` times. */
async function fixtureCost(s: LoopSession, url: string, what: string, runs: number): Promise<CostRow> {
  const tab = await s.open(url);
  await tab.locator('[data-localrank-list]').first().waitFor({ timeout: 30_000 });
  // The user is looking at the list (the unstyled capture puts it below the fold): the moved cards
  // on screen get their badges in the measured window, as they would for a user.
  await tab.evaluate(() => document.querySelector('[data-localrank-list]')?.scrollIntoView());
  await sleep(500);
  const times: ScriptTime[] = [];
  const since = await pageNow(tab);
  for (let i = 0; i < runs; i++) {
    await s.toggle(tab, true);
    await sleep(200);
    const p = await profile(tab, s.scriptUrl);
    await s.toggle(tab, false); // resolves after the lists are ranked and applied
    await sleep(300);
    times.push(await p.stop());
  }
  const tasks = await longTasksSince(tab, since);
  await tab.close();
  return { what, times, longTasks: tasks.length, maxLongTask: maxOf(tasks) };
}

/** The 5,000-card infinite scroll: the page appends batches of 50 to a ranked list. */
async function scroll(s: LoopSession, tab: Page, quick: boolean): Promise<ScrollFigures> {
  const total = quick ? 1000 : 5000;
  const r = await insertList(tab, freshTitles(50));
  if (!Number.isFinite(r.ms)) throw new Error('the 50-card list was not ranked');
  const since = await pageNow(tab);
  const p = await profile(tab, s.scriptUrl);
  const t0 = performance.now();
  const cards = await scrollAppend(tab, freshTitles(total), 50, 16);
  const appendMs = performance.now() - t0;
  let ranked = 0;
  for (let i = 0; i < 40; i++) {
    await sleep(250);
    ranked = (await newestList(s, tab))?.items ?? 0;
    if (ranked >= cards) break;
  }
  const time = await p.stop();
  const tasks = await longTasksSince(tab, since);
  return { appended: total, batches: total / 50, cards, ranked, appendMs, time, longTasks: tasks.length, maxLongTask: maxOf(tasks) };
}

/** Run the section and print its tables. */
/**
 * First order when the service worker was stopped, as Chrome does after 30 s without events: the
 * list's message starts it (or the page's own view event did, a moment before). Cached vectors.
 */
async function stoppedWorker(s: LoopSession, tab: Page, runs: number): Promise<void> {
  const titles = freshTitles(50);
  await insertList(tab, titles, 60_000); // their vectors cached
  const cdp = await s.run.context.newCDPSession(tab);
  await cdp.send('ServiceWorker.enable');
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    await sleep(1000);
    ms.push((await insertList(tab, titles, 60_000)).ms);
    await sleep(500);
  }
  await cdp.detach();
  const sorted = ms.filter(Number.isFinite).sort((a, b) => a - b);
  const p50 = sorted[Math.floor(sorted.length / 2)];
  console.log(`  stopped service worker (Chrome stops it after 30 s idle), 50 cards, cached vectors: first order p50 ${p50?.toFixed(1) ?? '?'} ms, max ${sorted.at(-1)?.toFixed(1) ?? '?'} ms (${sorted.length} runs: ${sorted.map((x) => x.toFixed(0)).join(', ')})`);
}

export async function runLoopBench(quick: boolean): Promise<void> {
  const runs = quick ? 5 : 10;
  const profiled = quick ? 3 : 10;
  const s = await startLoopSession();
  try {
    console.log(`\nChromium ${s.run.context.browser()?.version() ?? '(persistent context)'}; content script ${s.scriptUrl}`);
    const rows: LatencyRow[] = [];
    const costs: CostRow[] = [];
    const tab = await s.open(BENCH_URL);
    await latency(s, tab, 'no model (lexical)', runs, profiled, rows, costs);
    await ext(s.popup, 'settings.patch', { modelId: TEST_MODEL });
    const coldAt = Date.now();
    const cold = await insertList(tab, freshTitles(50), 60_000);
    const c = await finalReport(s, tab, coldAt, 60_000);
    console.log(`  cold model: first 50-card list after choosing ${TEST_MODEL}: first order ${cold.ms.toFixed(0)} ms, final order ${c?.finalMs?.toFixed(0) ?? '?'} ms (${c?.method ?? '?'}; starts the offscreen document, loads the model, rebuilds the profile), ${c?.refined ?? '?'} items moved by the refinement, ${c?.refinedSeen ?? '?'} of them on screen (1 sample)`);
    await latency(s, tab, 'warm model', runs, profiled, rows, costs);
    await latency(s, tab, 'cached vectors', runs, profiled, rows, costs);
    await stoppedWorker(s, tab, quick ? 4 : 6);
    await ext(s.popup, 'settings.patch', { modelId: null });
    const scrollFigures = await scroll(s, tab, quick);
    await tab.close();
    costs.push(await fixtureCost(s, YOUTUBE_URL, 'YouTube watch page (19 up-next), rank again', profiled));
    costs.push(await fixtureCost(s, AMAZON_URL, 'Amazon.de search, 2 MB capture, rank again', profiled));
    printLoop(rows, costs, scrollFigures);
  } finally {
    await s.close();
  }
}
