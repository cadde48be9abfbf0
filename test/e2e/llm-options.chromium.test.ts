/// <reference types="chrome" />
/**
 * The LLM from the user's side in Chromium: offered but off, the features working without it,
 * switched on in the options (size shown first), downloaded from a local mirror with a progress
 * bar and sha256 check, loaded (memory shown), and switched off (its worker stopped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium-harness';
import type { ChromiumRun } from './chromium-harness';
import { startMirror, type ModelMirror } from './model-mirror';
import { SiteServer } from './site-server';

const LM = 'localrank-test/tiny-lm';

describe('options page: the on-device LLM', () => {
  let sites: SiteServer;
  let mirror: ModelMirror;
  let run: ChromiumRun;
  let options: Page;
  const section = () => options.getByRole('region', { name: 'On-device LLM' });
  const send = (page: Page, verb: string, payload: unknown = {}) =>
    page.evaluate((m) => chrome.runtime.sendMessage(m), { lr: 1, verb, payload }) as Promise<{ ok: boolean; value: { refined?: unknown; state?: string } }>;

  beforeAll(async () => {
    sites = await new SiteServer().start();
    mirror = await startMirror();
    run = await launchChromium({ proxyPort: sites.port });
    options = await run.context.newPage();
    await options.goto(run.extUrl('options.html'));
  });
  afterAll(async () => {
    await run?.close();
    await sites?.close();
    await mirror?.close();
  });

  it('offers the LLM switched off, and downloads nothing on its own', async () => {
    expect(await section().getByLabel('Use the on-device LLM').isChecked()).toBe(false);
    await section().getByText('Off unless you switch it on').waitFor();
    expect(mirror.hits).toEqual([]);
  });

  it('without the LLM, the popup still takes the user’s own words and steering, and lists keep the fast order', async () => {
    const popup = await run.openPopup();
    await popup.getByTestId('llm-status').filter({ hasText: 'LLM off: switch it on in the options' }).waitFor();
    await popup.getByRole('button', { name: 'LLM options' }).waitFor();
    expect(await popup.getByRole('button', { name: 'Write from my history' }).isDisabled()).toBe(true);
    await popup.getByRole('textbox', { name: 'Your interests in words' }).fill('You like trail running; you skip gossip.');
    await popup.getByRole('button', { name: 'Save' }).click();
    await popup.getByTestId('profile-note').filter({ hasText: 'Your own words' }).waitFor();
    await popup.getByLabel('Steer the ranking in plain words').fill('more espresso, less crypto');
    await popup.getByLabel('Steer the ranking in plain words').press('Enter');
    await popup.getByText('+ espresso · − crypto').waitFor();
    expect((await send(popup, 'llm.refine', { titles: ['a', 'b', 'c'] })).value.refined).toBeNull();
    await popup.close();
  });

  it('switched on, shows the download size before anything is fetched', async () => {
    await section().getByLabel('Use the on-device LLM').check();
    await section().getByRole('radio', { name: new RegExp(`${LM} \\(`) }).check(); // not localrank-test/tiny-lm-hub
    await section().getByLabel(/Without WebGPU, run on WASM anyway/).check(); // no GPU on this machine
    await expect.poll(() => section().getByTestId('llm-size').textContent()).toMatch(/localrank-test\/tiny-lm: 9\.\d MB to download \(.*onnx\/model\.onnx, onnx\/model_quantized\.onnx\)/);
    await section().getByTestId('llm-state').filter({ hasText: 'not downloaded' }).waitFor();
    expect(mirror.hits).toEqual([]);
  });

  it('downloads from the mirror with a moving progress bar, and verifies every file', async () => {
    await section().getByPlaceholder('https://mirror.example/llm').fill(mirror.url);
    await section().getByRole('button', { name: /^Download 9\.\d MB$/ }).click();
    const bar = section().locator('progress');
    await bar.waitFor();
    const seen = new Set<string>();
    while (await bar.count()) {
      seen.add((await bar.getAttribute('value').catch(() => null)) ?? '');
      await options.waitForTimeout(50);
    }
    expect(seen.size).toBeGreaterThan(2);
    await section().getByText('Downloaded and verified (sha256).').waitFor();
    await section().getByRole('button', { name: 'Delete the downloaded LLM' }).waitFor();
    expect(mirror.hits.every((h) => h.startsWith(`/${LM}/`))).toBe(true);
  });

  it('loads on request, and shows the memory its worker holds', async () => {
    await section().getByRole('button', { name: 'Load now' }).click();
    await section().getByText(/Loaded in \d/).waitFor({ timeout: 60_000 });
    await expect.poll(() => section().getByTestId('llm-memory').textContent()).toMatch(/Worker running on WASM · localrank-test\/tiny-lm \(q8\): weights ≈ 1\.6 MB, prompt cache/);
    const popup = await run.openPopup();
    await popup.getByTestId('llm-status').filter({ hasText: 'running on WASM' }).waitFor();
    expect(await popup.getByRole('button', { name: 'Write from my history' }).isDisabled()).toBe(false);
    await popup.close();
  });

  it('switched off, stops the worker and gives its memory back', async () => {
    await section().getByLabel('Use the on-device LLM').uncheck();
    await options.getByText('Switched off: the LLM worker was stopped and its memory given back.').waitFor();
    const popup = await run.openPopup();
    expect((await send(popup, 'llm.status')).value.state).toBe('off');
    await section().getByLabel('Use the on-device LLM').check();
    await expect.poll(() => section().getByTestId('llm-memory').textContent()).toBe('Worker stopped: the LLM holds no memory.');
    await popup.close();
  });

  it('reached the network only for the mirror, only during the download', () => {
    const outside = run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((r) => !r.url.startsWith(mirror.url + '/'))).toEqual([]);
    expect(sites.fromExtensions()).toEqual([]);
  });
});
