import type { Clock } from '../../../src/llm/budget';

/** A clock moved by hand: sleepers wake only when `advance` passes their time. */
export class FakeClock implements Clock {
  private t = 0;
  private sleepers: { at: number; wake: () => void; signal: AbortSignal }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ at: this.t + ms, wake, signal }));
  }

  /** Moves time on and wakes every sleeper due (aborted ones stay asleep, as with clearTimeout). */
  async advance(ms: number): Promise<void> {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.at <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.at > this.t);
    for (const s of due) if (!s.signal.aborted) s.wake();
    await flush();
  }

  /** Sleepers still waiting and not aborted (a leaked timer would show here). */
  get pending(): number {
    return this.sleepers.filter((s) => !s.signal.aborted).length;
  }
}

/** Lets every queued promise callback run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A deterministic random source (the eval's mulberry32). */
export { seededRandom as seeded } from '../../../src/eval/rng';
