/// <reference types="chrome" />
/**
 * The built extension in Debian Chromium for the bench: the e2e harness (headed under Xvfb, all
 * HTTP to a local SiteServer), plus a CDP connection (puppeteer-core over `--remote-debugging-port`)
 * that reaches the offscreen document and the model worker, which Playwright does not expose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import type { Browser, CDPSession } from 'puppeteer-core';
import { launchChromium } from '../../test/e2e/chromium-harness';
import type { ChromiumRun } from '../../test/e2e/chromium-harness';
import { SiteServer } from '../../test/e2e/site-server';
import type { Timed } from './batches';

/** A reply to `model.embed`, without the vectors (they stay in the page). */
export interface EmbedReply extends Timed {
  readonly ok: boolean;
  readonly cached: number;
  readonly error?: string;
}

/** A running Chromium with the extension, its popup page, and CDP reach into the model host. */
export interface ChromiumBench {
  readonly version: string;
  /** A LocalRank verb from the popup; returns the reply's `value` or throws its error. */
  send(verb: string, payload?: unknown): Promise<unknown>;
  /** `model.embed` from the popup, timed inside the page around `chrome.runtime.sendMessage`. */
  embed(texts: string[]): Promise<EmbedReply>;
  /** Make the offscreen document report `n` cores, so src/ml/backend.ts picks `n` WASM threads. */
  setCores(n: number): Promise<void>;
  /** Force a garbage collection in the offscreen document (frees a stopped worker's objects sooner). */
  gcOffscreen(): Promise<void>;
  /** CDP `Runtime.getHeapUsage` on the live model worker, after a forced GC. */
  workerHeap(): Promise<{ usedSize: number; backingStorageSize?: number } | undefined>;
  /** The same for the newest live target whose URL contains `urlPart` (e.g. `background.js`). */
  heapOf(urlPart: string): Promise<{ usedSize: number; backingStorageSize?: number } | undefined>;
  /** Pid of this Chromium's renderer process that runs a dedicated worker (the model worker's host). */
  workerProcess(): number | undefined;
  close(): Promise<void>;
}

/** Longest wait for one verb (the SmolLM2-shaped model's load and top-K runs take minutes on WASM). */
const SEND_LIMIT_MS = 600_000;
const CLOSE_LIMIT_MS = 30_000;

/** `p`, or a rejection after `ms` (the timer also keeps Node's event loop alive while it waits). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000} s`)), ms)));
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Command lines of every process on this machine, by pid, as one string: Chromium rewrites its
 * process title, so the arguments may arrive as one NUL-free string or as separate ones.
 */
function commandLines(): Map<number, string> {
  const out = new Map<number, string>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      out.set(Number(d), readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' '));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Names of a process's threads (Chromium names worker threads "DedicatedWorker thread"). */
function threadNames(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((t) => {
      try {
        return readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    });
  } catch {
    return [];
  }
}

/** Parent pid from /proc/<pid>/stat (the field after the parenthesised name). */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** VmRSS of `pid` in bytes, from /proc. */
export function rssOf(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** Launch Chromium with `extensionDir` and open its popup. */
export async function startChromium(extensionDir: string, extraArgs: string[] = []): Promise<ChromiumBench> {
  const port = await freePort();
  const server = await new SiteServer().start();
  let run: ChromiumRun | undefined;
  let cdp: Browser | undefined;
  try {
    run = await launchChromium({ proxyPort: server.port, extensionDir, args: [`--remote-debugging-port=${port}`, ...extraArgs] });
    cdp = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, protocolTimeout: 120_000 });
    const page: Page = await run.openPopup();
    return wrap(run, cdp, page, server, extensionDir, await cdp.version());
  } catch (e) {
    await cdp?.disconnect().catch(() => undefined);
    await run?.close().catch(() => undefined);
    await server.close();
    throw e;
  }
}

function wrap(run: ChromiumRun, cdp: Browser, page: Page, server: SiteServer, extensionDir: string, version: string): ChromiumBench {
  let offscreen: CDPSession | undefined;
  const send = async (verb: string, payload: unknown = {}) => {
    const r = (await within(page.evaluate((m) => chrome.runtime.sendMessage(m), { lr: 1, verb, payload }), SEND_LIMIT_MS, verb)) as { ok: boolean; value?: unknown; error?: string };
    if (!r.ok) throw new Error(`${verb}: ${r.error ?? 'failed'}`);
    return r.value;
  };
  const embed = (texts: string[]) =>
    page.evaluate(async (m) => {
      const t = performance.now();
      const r = (await chrome.runtime.sendMessage(m)) as { ok: boolean; error?: string; value?: { computed: number; cached: number; reason?: string } };
      const ms = performance.now() - t;
      const error = r.error ?? r.value?.reason;
      return { ms, ok: r.ok && !r.value?.reason, computed: r.value?.computed ?? 0, cached: r.value?.cached ?? 0, ...(error ? { error } : {}) };
    }, { lr: 1, verb: 'model.embed', payload: { texts } });
  const offscreenSession = async () => {
    if (!offscreen) {
      const target = await cdp.waitForTarget((t) => t.url().endsWith('/offscreen.html'), { timeout: 30_000 });
      offscreen = await target.createCDPSession(); // the core-count override lives as long as this session
    }
    return offscreen;
  };
  const setCores = async (n: number) => {
    await (await offscreenSession()).send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: n });
  };
  const gcOffscreen = async () => {
    await (await offscreenSession()).send('HeapProfiler.collectGarbage');
  };
  const workerHeap = () => heapOf('/assets/worker-entry');
  const heapOf = async (urlPart: string) => {
    const workers = cdp.targets().filter((t) => t.url().includes(urlPart)).reverse();
    for (const t of workers) {
      try {
        const s = await t.createCDPSession();
        await s.send('HeapProfiler.collectGarbage');
        const heap = await s.send('Runtime.getHeapUsage');
        await s.detach().catch(() => undefined);
        return heap;
      } catch {
        /* a terminated worker's stale target */
      }
    }
    return undefined;
  };
  const workerProcess = () => {
    // Other Chromiums may run on this machine: start from the browser process that loaded this
    // run's unique copy of the extension, and walk its descendants (zygotes, then renderers).
    const all = commandLines();
    const browserPid = [...all].find(([, a]) => a.includes(`--disable-extensions-except=${extensionDir} `) && !a.includes('--type='))?.[0];
    if (browserPid === undefined) return undefined;
    const parents = new Map([...all.keys()].map((pid) => [pid, parentOf(pid)]));
    const descends = (pid: number): boolean => {
      for (let p = parents.get(pid), hops = 0; p !== undefined && hops < 5; p = parents.get(p), hops++) if (p === browserPid) return true;
      return false;
    };
    const renderers = [...all].filter(([pid, a]) => a.includes('--type=renderer') && descends(pid)).map(([pid]) => pid);
    return renderers.find((pid) => threadNames(pid).some((n) => n.startsWith('DedicatedWorker')));
  };
  return {
    version,
    send,
    embed,
    setCores,
    gcOffscreen,
    workerHeap,
    heapOf,
    workerProcess,
    close: async () => {
      // Each step is bounded: a browser that went away can leave a close waiting for an event that
      // never comes, and with nothing else pending Node then exits (code 13) without a word.
      await within(cdp.disconnect(), CLOSE_LIMIT_MS, 'CDP disconnect').catch(() => undefined);
      await within(run.close(), CLOSE_LIMIT_MS, 'browser close').catch((e: unknown) => console.error(`bench: ${String(e)}`));
      await within(server.close(), CLOSE_LIMIT_MS, 'site server close').catch(() => undefined);
    },
  };
}
