/// <reference types="chrome" />
/**
 * An LLM whose files the registry does not all pin, as HuggingFaceTB/SmolLM2-360M-Instruct: the
 * options page says which files are pinned and which are checked against the hub's file list for
 * the pinned commit; the download reads that list (from the local mirror, at the hub's API path),
 * refuses a list that contradicts a pinned file, verifies every file with a moving progress bar,
 * records the hashes, and the model then loads — checked against them — and runs. The test entry
 * `localrank-test/tiny-lm-hub` is the tiny LM's files under a made-up commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium-harness';
import type { ChromiumRun } from './chromium-harness';
import { hubListing, startMirror, type ModelMirror } from './model-mirror';
import { SiteServer } from './site-server';

const LM = 'localrank-test/tiny-lm-hub';
const REV = 'ed27954dda52a1b975ba1d30a4d37c40084422a4';
const LISTING = `/api/models/${LM}/tree/${REV}?recursive=true`;
type Sent = { ok: boolean; error?: string; value: { newTokens?: number; promptTokens?: number; loaded?: boolean } };

describe('options page: an LLM verified against the hub’s file list', () => {
  let sites: SiteServer;
  let mirror: ModelMirror;
  let run: ChromiumRun;
  let options: Page;
  let contradict = false;
  const section = () => options.getByRole('region', { name: 'On-device LLM' });
  const send = (verb: string, payload: unknown = {}) => options.evaluate((m) => chrome.runtime.sendMessage(m), { lr: 1, verb, payload }) as Promise<Sent>;
  /** Keys of this model's downloads in Cache Storage. */
  const stored = () => options.evaluate(async (id) => (await (await caches.open('localrank-models-v1')).keys()).map((r) => r.url).filter((u) => u.includes(`/${id}/`)), LM);

  beforeAll(async () => {
    sites = await new SiteServer().start();
    mirror = await startMirror({ on: false }, {
      alias: { [LM]: 'localrank-test/tiny-lm' },
      listing: (repo, rev) => {
        if (repo !== LM || rev !== REV) return undefined;
        const l = hubListing('test/models/localrank-test/tiny-lm') as { path: string; size: number; lfs?: { size: number } }[];
        return contradict ? l.map((e) => (e.path === 'onnx/model.onnx' ? { ...e, size: e.size + 1, lfs: { ...e.lfs!, size: e.size + 1 } } : e)) : l;
      },
    });
    run = await launchChromium({ proxyPort: sites.port });
    options = await run.context.newPage();
    await options.goto(run.extUrl('options.html'));
  });
  afterAll(async () => {
    await run?.close();
    await sites?.close();
    await mirror?.close();
  });

  it('says, before fetching anything, which files are pinned and which are checked against the hub’s list for the pinned commit', async () => {
    await section().getByLabel('Use the on-device LLM').check();
    await section().getByRole('radio', { name: new RegExp(LM) }).check();
    await section().getByLabel(/Without WebGPU, run on WASM anyway/).check(); // no GPU on this machine
    await expect.poll(() => section().getByTestId('llm-size').textContent()).toMatch(/^localrank-test\/tiny-lm-hub: at least 6\.5 MB to download \(.*\), each file checked before it is stored\.$/);
    const pinning = section().getByTestId('llm-pinning');
    await expect.poll(() => pinning.textContent()).toContain('Pinned by LocalRank (size and sha256 ship with the extension): onnx/model.onnx.');
    expect(await pinning.textContent()).toContain(
      "Checked against Hugging Face's own file list for commit ed27954 (size and hash; the list is read when you click Download — from a mirror only if you accept its list below): config.json, generation_config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json, onnx/model_quantized.onnx.",
    );
    expect(mirror.hits).toEqual([]);
  });

  it('from a mirror, uses its file list only once the user accepts it', async () => {
    await section().getByPlaceholder('https://mirror.example/llm').fill(mirror.url);
    await section().getByRole('button', { name: 'Download (at least 6.5 MB)' }).click();
    await section().getByRole('alert').filter({ hasText: /are not pinned by LocalRank, and from a mirror they can only be checked against the mirror's own file list/ }).waitFor();
    expect(mirror.hits).toEqual([]); // nothing asked of the mirror
    expect(await stored()).toEqual([]);
    await section().getByLabel(/Trust this mirror's file list/).check();
  });

  it('refuses when the list contradicts a pinned file, and stores nothing', async () => {
    contradict = true;
    await section().getByRole('button', { name: 'Download (at least 6.5 MB)' }).click();
    await section().getByRole('alert').filter({ hasText: /onnx\/model\.onnx is pinned as 6473775 B .* says 6473776 B .*; refusing to download it/ }).waitFor();
    expect(mirror.hits).toEqual([LISTING]); // refused on the list alone: no file was fetched
    expect(await stored()).toEqual([]);
    contradict = false;
  });

  it('downloads with a moving progress bar, every file verified, and says against what', async () => {
    mirror.hits.length = 0;
    await section().getByRole('button', { name: 'Download (at least 6.5 MB)' }).click();
    const bar = section().locator('progress');
    await bar.waitFor();
    const seen = new Set<string>();
    while (await bar.count()) {
      seen.add((await bar.getAttribute('value').catch(() => null)) ?? '');
      await options.waitForTimeout(50);
    }
    expect(seen.size).toBeGreaterThan(2);
    await section().getByText("Downloaded and verified: 1 file against the sha256 pinned by LocalRank, 6 against the file list your mirror gave for commit ed27954. Their sha256 are recorded and checked at every load.").waitFor();
    await section().getByRole('button', { name: 'Delete the downloaded LLM' }).waitFor();
    expect(mirror.hits[0]).toBe(LISTING);
    expect(mirror.hits.slice(1).every((h) => h.startsWith(`/${LM}/`))).toBe(true);
    expect((await stored()).some((u) => u.endsWith(`/${LM}/localrank-verified.json`))).toBe(true);
  });

  it('then loads, checked against the recorded hashes, and runs', async () => {
    await section().getByRole('button', { name: 'Load now' }).click();
    await section().getByText(/Loaded in \d/).waitFor({ timeout: 60_000 });
    await expect.poll(() => section().getByTestId('llm-memory').textContent()).toMatch(/Worker running on WASM · localrank-test\/tiny-lm-hub \(q8\)/);
    const out = await send('llm.generate', { system: 'You are terse.', user: 'Say hello.', maxTokens: 4 });
    expect(out.ok, out.error).toBe(true);
    expect(out.value.promptTokens).toBeGreaterThan(0);
    expect(out.value.newTokens).toBeGreaterThan(0);
  });

  it('refuses to load a file that changed after the download', async () => {
    await send('llm.terminate');
    await options.evaluate(async (id) => {
      const cache = await caches.open('localrank-models-v1');
      const key = `https://localrank.invalid/models/${id}/tokenizer_config.json`;
      const bytes = new Uint8Array(await (await cache.match(key))!.arrayBuffer());
      bytes[5]! ^= 1;
      await cache.put(key, new Response(bytes));
    }, LM);
    const out = await send('llm.load');
    expect(out.ok).toBe(false);
    expect(out.error).toMatch(/tokenizer_config\.json has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}; refusing to load it/);
  });

  it('reached the network only for the mirror, only during the download', () => {
    const outside = run.extensionRequests.filter((r) => !r.url.startsWith(run.extUrl('')));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((r) => !r.url.startsWith(mirror.url + '/'))).toEqual([]);
    expect(sites.fromExtensions()).toEqual([]);
  });
});
