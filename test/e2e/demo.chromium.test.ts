/**
 * `npm run demo` as a test: the same flow (scripts/demo/flow.ts) on the demo shop, with the built
 * extension. Its lists must follow the seeded taste, with reasons, and nothing may leave the machine.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../scripts/demo/flow';
import type { DemoSession } from '../../scripts/demo/flow';
import { DEMO_HOST } from '../../scripts/demo/site';

let session: DemoSession;
const out = mkdtempSync(join(tmpdir(), 'lr-demo-'));

beforeAll(async () => {
  session = await runDemo({ outDir: out });
});
afterAll(async () => {
  await session?.close();
  rmSync(out, { recursive: true, force: true });
});

describe('npm run demo: the demo shop ranked by a seeded history (Chromium)', () => {
  it('finds every list of the demo page and reorders the page\'s own cards', () => {
    const { lists, report } = session.result;
    expect(lists.map((l) => l.name)).toEqual(['Search results', 'Recommended for you', 'Customers also viewed']);
    expect(report.recognised).toBe(true);
    expect(report.lists).toHaveLength(3);
    for (const l of lists) {
      expect(l.before.length).toBeGreaterThanOrEqual(8);
      expect([...l.after].sort()).toEqual([...l.before].sort()); // the same cards, moved
      expect(l.after).not.toEqual(l.before);
    }
  });

  it('puts the user\'s interests first and what they dismissed last, with reasons', () => {
    const { lists, report } = session.result;
    for (const l of lists) {
      expect(l.after[0]).toMatch(/trail|running|espresso/i);
      expect(l.after.at(-1)).toMatch(/celebrity|gossip/i);
      // The item now on top moved there for a reason taken from the seeded history.
      const top = report.moves.find((m) => m.title === l.after[0]);
      expect(top?.reason).toMatch(/similar to|words you look for|interest/);
    }
  });

  it('saves the before and after screenshots', () => {
    for (const p of Object.values(session.result.screenshots)) expect(existsSync(p)).toBe(true);
  });

  it('made no network request from any extension context, and the page asked only its own host', () => {
    expect(session.run.extensionRequests.filter((r) => !r.url.startsWith(session.run.extUrl('')))).toEqual([]);
    expect(session.server.fromExtensions()).toEqual([]);
    expect(session.server.strays([DEMO_HOST])).toEqual([]);
  });
});
