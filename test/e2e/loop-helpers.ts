import type { Page } from 'playwright-core';
import type { ChromiumRun } from './chromium-harness';

type Msg = { lr: 1; verb: string; payload: unknown };

/** Send a protocol message from an extension page (as the popup does). */
export async function ext<T = unknown>(page: Page, verb: string, payload: unknown = {}): Promise<T> {
  const r = (await page.evaluate((m: Msg) => (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: Msg) => Promise<unknown> } } }).chrome.runtime.sendMessage(m), {
    lr: 1, verb, payload,
  } as Msg)) as { ok: boolean; value: T; error?: string };
  if (!r.ok) throw new Error(`${verb}: ${r.error}`);
  return r.value;
}

/** Switch a site on from the popup's site list, answering the browser's prompt as a user. */
export async function enableSite(run: ChromiumRun, popup: Page, id: string): Promise<void> {
  const details = popup.locator('details');
  if (!(await details.getAttribute('open').then((v) => v !== null))) await popup.locator('summary', { hasText: 'All sites' }).click();
  const box = popup.locator(`label[data-site="${id}"] input`);
  if (await box.isChecked()) return;
  await box.click();
  await run.answerPrompt(true);
  await popup.locator(`label[data-site="${id}"] input:checked:not([disabled])`).waitFor();
}

/** Seed history as an import file would. */
export async function seed(page: Page, events: { kind: string; site: string; url: string; title: string; time?: number }[]): Promise<void> {
  const now = Date.now();
  const file = { format: 'localrank-history', version: 1, exportedAt: '', events: events.map((e, i) => ({ count: 1, time: now - (events.length - i) * 60_000, ...e })) };
  await ext(page, 'history.import', { json: JSON.stringify(file) });
}

/** Titles of a list's items in DOM order (the page's own elements, read in the page). */
export function listTitles(page: Page, itemSelector: string, titleSelector: string): Promise<string[]> {
  return page.$$eval(itemSelector, (els, t) => els.map((el) => (el.querySelector(t)?.textContent ?? '').trim()), titleSelector);
}
