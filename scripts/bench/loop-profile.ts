/**
 * Main-thread time of the content script in a page, from the V8 sampling profiler (CDP `Profiler`
 * on the page's target: the content script's isolated world runs on the page's main thread).
 *
 * A sample counts as ours when any frame of its stack belongs to the content script's URL, so
 * DOM calls made by our code (querySelectorAll, insertBefore, layout they force) count as ours.
 * Each sample stands for the time until the next one (interval 100 µs; profiling adds overhead).
 */
import type { CDPSession, Page } from 'playwright-core';

/** Sampling interval in µs. */
const INTERVAL_US = 100;
/** Samples between two of ours that do not end a stretch of our work (native work, GC). */
const BRIDGE = new Set(['(program)', '(garbage collector)']);
/** Longest native/GC gap bridged by maxStretchShortGapsMs, µs. */
const SHORT_GAP_US = 2000;

/** Our share of a profiled window. */
export interface ScriptTime {
  /** ms of samples whose stack holds a content-script frame. */
  readonly totalMs: number;
  /**
   * Longest run of consecutive content-script samples, native and GC samples between two of ours
   * included (our longest uninterrupted stretch of main-thread work; roughly our longest task), ms.
   */
  readonly maxStretchMs: number;
  /**
   * The same, bridging only gaps of native/GC samples shorter than SHORT_GAP_MS: rendering of the
   * page between two of our tasks (style, layout, paint: long "(program)" runs) then ends a stretch.
   */
  readonly maxStretchShortGapsMs: number;
  /** The longest stretch (as maxStretchMs): ms of our samples in it, and ms of bridged native/GC samples. */
  readonly maxStretchParts: { readonly ours: number; readonly bridged: number };
  /** ms the profile covered. */
  readonly windowMs: number;
  /**
   * Where our samples ended: our innermost function (names need an unminified build:
   * LR_NO_MINIFY=1 npx wxt build), with the native/DOM call it was in, ms, largest first.
   */
  readonly hot: readonly (readonly [string, number])[];
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly url: string; readonly functionName: string };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** A started profiler on `tab`; `stop` returns the content script's share. */
export interface Profiling {
  stop(): Promise<ScriptTime>;
}

/** Start sampling `tab`'s main thread; `scriptUrl` is the content script's URL. */
export async function profile(tab: Page, scriptUrl: string): Promise<Profiling> {
  const cdp: CDPSession = await tab.context().newCDPSession(tab);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: INTERVAL_US });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile: p } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      await cdp.detach().catch(() => undefined);
      return attribute(p, scriptUrl);
    },
  };
}

/** Content-script time in a V8 CPU profile. */
export function attribute(p: Profile, scriptUrl: string): ScriptTime {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const mine = byId.get(id)?.callFrame.url === scriptUrl;
    const up = parent.get(id);
    const v = mine || (up !== undefined && isOurs(up));
    ours.set(id, v);
    return v;
  };
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let total = 0;
  let stretch = 0;
  let bridged = 0;
  let maxStretch = 0;
  let stretchOurs = 0;
  let stretchBridged = 0;
  let parts = { ours: 0, bridged: 0 };
  let short = 0;
  let shortGap = 0;
  let maxShort = 0;
  const hot = new Map<string, number>();
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    const dur = deltas[i + 1] ?? INTERVAL_US;
    if (isOurs(id)) {
      const leaf = byId.get(id)?.callFrame;
      let up: number | undefined = id;
      while (up !== undefined && byId.get(up)?.callFrame.url !== scriptUrl) up = parent.get(up);
      const mine = (up !== undefined && byId.get(up)?.callFrame.functionName) || 'content.js';
      const name = leaf?.url === scriptUrl ? mine : `${leaf?.functionName || '(native)'} ← ${mine}`;
      hot.set(name, (hot.get(name) ?? 0) + dur / 1000);
      total += dur;
      stretch += bridged + dur;
      stretchOurs += dur;
      stretchBridged += bridged;
      bridged = 0;
      if (stretch > maxStretch) {
        maxStretch = stretch;
        parts = { ours: stretchOurs / 1000, bridged: stretchBridged / 1000 };
      }
      short = (shortGap <= SHORT_GAP_US ? short + shortGap : 0) + dur;
      shortGap = 0;
      maxShort = Math.max(maxShort, short);
    } else if (stretch > 0 && BRIDGE.has(byId.get(id)?.callFrame.functionName ?? '')) {
      bridged += dur;
      shortGap += dur;
    } else {
      stretch = 0;
      bridged = 0;
      stretchOurs = 0;
      stretchBridged = 0;
      short = 0;
      shortGap = 0;
    }
  }
  return {
    totalMs: total / 1000, maxStretchMs: maxStretch / 1000, maxStretchShortGapsMs: maxShort / 1000, maxStretchParts: parts,
    windowMs: (p.endTime - p.startTime) / 1000, hot: [...hot].sort((a, b) => b[1] - a[1]),
  };
}
