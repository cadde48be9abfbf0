/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium-harness';
import type { ChromiumRun } from './chromium-harness';
import { SiteServer } from './site-server';

const MODEL = 'localrank-test/tiny-minilm';

/** A model mirror on 127.0.0.1 serving test/models slowly (so progress is visible), with CORS. */
function startMirror(tamper: { on: boolean }): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    let body: Buffer;
    try {
      body = readFileSync(resolve('test/models', decodeURIComponent((req.url ?? '/').slice(1))));
    } catch {
      res.writeHead(404, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    if (tamper.on && req.url?.endsWith('.onnx')) body = Buffer.concat([body.subarray(0, body.length - 1), Buffer.from([body.at(-1)! ^ 1])]);
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-length': body.length, 'content-type': 'application/octet-stream' });
    let at = 0;
    const chunk = () => {
      if (at >= body.length) return res.end();
      res.write(body.subarray(at, (at += 64 * 1024)));
      setTimeout(chunk, 15);
    };
    chunk();
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits })));
}

describe('options page: model download from a mirror', () => {
  let sites: SiteServer;
  let mirror: Awaited<ReturnType<typeof startMirror>>;
  const tamper = { on: true };
  let run: ChromiumRun;
  let options: Page;
  const row = () => options.locator(`tr[data-model="${MODEL}"]`);

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
    await new Promise((r) => mirror?.server.close(r));
  });

  it('offers the model as not present, and downloads nothing on its own', async () => {
    await expect.poll(() => row().locator('.state').textContent()).toBe('Not present');
    expect(mirror.hits).toEqual([]);
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
  });

  it('reached the network only for the mirror, only during the user-started downloads', () => {
    const outside = run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((r) => !r.url.startsWith(mirror.url + '/'))).toEqual([]);
    expect(sites.fromExtensions()).toEqual([]);
  });
});
