/// <reference types="chrome" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium-harness';
import type { ChromiumRun } from './chromium-harness';
import { startMirror, type ModelMirror } from './model-mirror';
import { SiteServer } from './site-server';

const MODEL = 'localrank-test/tiny-minilm';

describe('options page: model download from a mirror', () => {
  let sites: SiteServer;
  let mirror: ModelMirror;
  const tamper = { on: true };
  let run: ChromiumRun;
  let options: Page;
  const row = () => options.locator(`tr[data-model="${MODEL}"]`);
  const status = async () => ((await options.evaluate(() => chrome.runtime.sendMessage({ lr: 1, verb: 'model.status', payload: {} }))) as { value: { model: string | null } }).value;

  beforeAll(async () => {
    sites = await new SiteServer().start();
    mirror = await startMirror(tamper);
    run = await launchChromium({ proxyPort: sites.port });
    options = await run.context.newPage();
    await options.goto(run.extUrl('options.html'));
    await options.getByPlaceholder('https://mirror.example/models').fill(mirror.url);
  });
  afterAll(async () => {
    await run?.close();
    await sites?.close();
    await mirror?.close();
  });

  it('offers the model as not present, and downloads nothing on its own', async () => {
    await expect.poll(() => row().locator('.state').textContent()).toBe('Not present');
    expect(mirror.hits).toEqual([]);
    // The background notes that no model is installed (and remembers it until told otherwise).
    expect((await status()).model).toBeNull();
  });

  it('refuses a tampered file and stores nothing', async () => {
    await row().getByRole('button', { name: 'Download' }).click();
    await row().getByRole('alert').filter({ hasText: /sha256|bytes, expected/ }).waitFor({ timeout: 30_000 });
    expect(await row().locator('.state').textContent()).toBe('Not present');
  });

  it('downloads with a visible progress bar, verifies, and the model then runs', async () => {
    tamper.on = false;
    await row().getByRole('button', { name: 'Download' }).click();
    const bar = row().locator('progress');
    await bar.waitFor();
    const seen = new Set<string>();
    while (await bar.count()) {
      seen.add((await bar.getAttribute('value').catch(() => null)) ?? '');
      await options.waitForTimeout(50);
    }
    expect(seen.size).toBeGreaterThan(2); // the bar moved
    await expect.poll(() => row().locator('.state').textContent()).toBe('Downloaded');
    await row().getByText('Downloaded and verified (sha256).').waitFor();

    await row().getByRole('radio').check();
    const r = (await options.evaluate(() => chrome.runtime.sendMessage({ lr: 1, verb: 'model.embed', payload: { texts: ['a downloaded model runs'] } }))) as { value: { modelId: string; vectors: number[][]; reason?: string } };
    expect(r.value.reason).toBeUndefined();
    expect(r.value).toMatchObject({ modelId: MODEL });
    expect(r.value.vectors[0]).toHaveLength(16);
  });

  it('deletes the downloaded model', async () => {
    await row().getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row().locator('.state').textContent()).toBe('Not present');
    // The delete was announced to the background: it no longer offers the model.
    await expect.poll(async () => (await status()).model).toBeNull();
  });

  it('reached the network only for the mirror, only during the user-started downloads', () => {
    const outside = run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((r) => !r.url.startsWith(mirror.url + '/'))).toEqual([]);
    expect(sites.fromExtensions()).toEqual([]);
  });
});
