import { describe, expect, it } from 'vitest';
import { LexicalEmbedder } from '../../../src/ranking/lexical-embedder';
import { createProfile, evidence } from '../../../src/ranking/profile';
import { buildProfile, updateProfileWith } from '../../../src/ranking/profile-build';
import { applyEvents } from '../../../src/ranking/profile-update';
import { eventsFrom, historyEvent, HOUR } from './factories';

const TOPICS = ['trail running shoes', 'cast iron skillet', 'merino running socks', 'chef knife', 'golf balls', 'running watch', 'dutch oven'];
const embedder = new LexicalEmbedder(64);

/** Compare two profiles with a float tolerance (Float32 sums may differ in the last bits). */
function expectClose(a: unknown, b: unknown): void {
  const norm = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v) => (v instanceof Float32Array ? Array.from(v, (n) => +n.toFixed(4)) : typeof v === 'number' ? +v.toPrecision(6) : v)));
  expect(norm(a)).toEqual(norm(b));
}

describe('profile', () => {
  it('incremental updates equal one full recomputation', async () => {
    const events = eventsFrom(Array.from({ length: 60 }, (_, i) => `${TOPICS[i % TOPICS.length]} ${i % 5}`));
    events.push(historyEvent('golf club', { kind: 'dismiss', time: events.at(-1)!.time + HOUR }));
    const full = await buildProfile(events, embedder);
    let inc = createProfile(embedder);
    for (let i = 0; i < events.length; i += 7) inc = await updateProfileWith(inc, events.slice(i, i + 7), embedder);
    expectClose(inc, full);
  });

  it('stays equal across an epoch rebase (years of history, short half-life)', () => {
    const events = eventsFrom(TOPICS, 0).map((e, i) => ({ ...e, time: i * 400 * 24 * HOUR }));
    const settings = { halfLifeMs: 24 * HOUR };
    const full = applyEvents(createProfile(null, settings), events);
    const inc = applyEvents(applyEvents(createProfile(null, settings), events.slice(0, 3)), events.slice(3));
    expectClose(inc, full);
    expect(Number.isFinite(evidence(full))).toBe(true);
  });

  it('decays evidence with the half-life and keeps sizes bounded', () => {
    const events = eventsFrom(Array.from({ length: 500 }, (_, i) => `item number ${i} word${i}`));
    const p = applyEvents(createProfile(null, { halfLifeMs: HOUR, recentSize: 10, maxTerms: 50 }), events);
    expect(p.recent).toHaveLength(10);
    expect(Object.keys(p.terms).length).toBeLessThanOrEqual(63);
    const now = p.latest;
    expect(evidence(p, now + HOUR) / evidence(p, now)).toBeCloseTo(0.5, 5);
  });

  it('separates unrelated tastes into several interests and remembers dismissals apart', async () => {
    const events = eventsFrom(['trail running shoes', 'running shoes trail', 'cast iron skillet', 'iron skillet cast']);
    events.push(historyEvent('golf balls', { kind: 'dismiss', time: events.at(-1)!.time + HOUR }));
    const p = await buildProfile(events, embedder);
    expect(p.interests.length).toBeGreaterThanOrEqual(2);
    expect(p.negatives.map((m) => m.title)).toEqual(['golf balls']);
    expect(p.recent.map((m) => m.title)).not.toContain('golf balls');
  });
});
