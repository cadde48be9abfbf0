import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObserver, type ObserverOptions, type Schedule } from '../../../src/dom/observer';
import { applyOrder } from '../../../src/dom/reorder';

/** A hand-cranked animation frame: flushes run only when the test calls `frame()`. */
function frames(): { schedule: Schedule; frame: () => Promise<void>; scheduled: () => number } {
  let queued: (() => void) | undefined;
  let count = 0;
  return {
    schedule: (flush) => {
      count++;
      queued = flush;
      return () => (queued = undefined);
    },
    // MutationObserver callbacks are microtasks: let them run, then run the frame.
    frame: async () => {
      await Promise.resolve();
      const f = queued;
      queued = undefined;
      f?.();
    },
    scheduled: () => count,
  };
}

/** A batched observer over the body, flushed by `f.frame()`; the test aborts `ac` when done. */
function observed(extra: Partial<Omit<ObserverOptions, 'signal' | 'root' | 'schedule'>> = {}) {
  const ac = new AbortController();
  const f = frames();
  const obs = createObserver({ signal: ac.signal, root: document.body, schedule: f.schedule, ...extra });
  return { ac, f, obs };
}

function list(n: number): { container: HTMLElement; items: HTMLElement[] } {
  const container = document.createElement('div');
  const items = Array.from({ length: n }, (_, i) => Object.assign(document.createElement('div'), { className: 'card', textContent: `i${i}` }));
  container.append(...items);
  document.body.append(container);
  return { container, items };
}

afterEach(() => document.body.replaceChildren());

describe('createObserver', () => {
  it('coalesces many mutations into one flush per frame', async () => {
    const { ac, f, obs } = observed();
    const seen = vi.fn();
    obs.onAdded('.card', seen);
    const { container } = list(0);
    for (let i = 0; i < 5000; i++) container.append(Object.assign(document.createElement('div'), { className: 'card' }));
    await f.frame();
    expect(f.scheduled()).toBe(1);
    expect(seen).toHaveBeenCalledOnce();
    // The container was added with its cards: the outermost added element is reported once.
    expect(seen.mock.calls[0]?.[0]).toHaveLength(1);
    ac.abort();
  });

  it('reports added elements that match or contain the interest, outermost only', async () => {
    const { ac, f, obs } = observed();
    const { container } = list(1);
    await f.frame();
    const seen = vi.fn();
    obs.onAdded('.card', seen);
    const a = Object.assign(document.createElement('div'), { className: 'card' });
    const b = document.createElement('p');
    container.append(a, b);
    await f.frame();
    expect(seen).toHaveBeenCalledWith([a]);
    ac.abort();
  });

  it('ignores our own reorders (mute) but keeps the page’s mutations made before them', async () => {
    const { ac, f, obs } = observed();
    const { container, items } = list(4);
    await f.frame();
    const changed = vi.fn();
    obs.onChildren(container, changed);
    applyOrder({ id: 'l', container, items }, [3, 2, 1, 0], obs.mute);
    await f.frame();
    expect(changed).not.toHaveBeenCalled();
    container.append(document.createElement('div')); // the page appends (infinite scroll)
    applyOrder({ id: 'l2', container, items }, [0, 1, 2, 3], obs.mute);
    await f.frame();
    expect(changed).toHaveBeenCalledOnce();
    ac.abort();
  });

  it('keeps our own moves out even when a watch starts inside the muted change, and sees the page again after it', async () => {
    const { ac, f, obs } = observed();
    const { container, items } = list(4);
    await f.frame();
    const changed = vi.fn();
    obs.mute(() => {
      container.append(items[0]!); // ours
      obs.onChildren(container, changed); // starts watching mid-change
      container.append(items[1]!); // still ours
      obs.onAdded('.card', () => undefined); // a second interest mid-change
      obs.mute(() => container.append(items[2]!)); // a nested mute
      container.append(items[3]!); // still ours
    });
    await f.frame();
    expect(changed).not.toHaveBeenCalled();
    container.append(document.createElement('div')); // the page's
    await f.frame();
    expect(changed).toHaveBeenCalledOnce();
    ac.abort();
  });

  it('counts conflicts when the page undoes our order, and calls back at the limit', async () => {
    const limit = vi.fn();
    const { ac, f, obs } = observed({ maxConflicts: 2, onConflictLimit: limit });
    const { container, items } = list(3);
    const conflicts: boolean[] = [];
    let applied = applyOrder({ id: 'l', container, items }, [2, 1, 0], obs.mute);
    obs.onChildren(container, (_c, conflict) => conflicts.push(conflict), () => applied.isIntact());
    for (let round = 0; round < 2; round++) {
      container.append(...items); // the page re-renders in its own order
      await f.frame();
      applied = applyOrder({ id: 'l', container, items }, [2, 1, 0], obs.mute);
    }
    container.append(document.createElement('span')); // an append that keeps our order: no conflict
    await f.frame();
    expect(conflicts).toEqual([true, true, false]);
    expect(obs.conflicts).toBe(2);
    expect(limit).toHaveBeenCalledOnce();
    ac.abort();
  });

  it('narrows to the containers: without an onAdded interest, the rest of the page is not watched', async () => {
    const { ac, f, obs } = observed();
    const { container } = list(2);
    const stop = obs.onAdded('.card', () => undefined);
    obs.onChildren(container, () => undefined);
    stop();
    document.body.append(document.createElement('section'));
    container.querySelector('.card')?.append(document.createElement('b')); // deep change: childList only
    await f.frame();
    expect(f.scheduled()).toBe(0);
    ac.abort();
  });

  it('disconnects and drops pending work on abort', async () => {
    const { ac, f, obs } = observed();
    const seen = vi.fn();
    obs.onAdded('.card', seen);
    list(2);
    await Promise.resolve();
    ac.abort();
    await f.frame();
    list(2);
    await f.frame();
    expect(seen).not.toHaveBeenCalled();
  });

  it('uses requestAnimationFrame by default', async () => {
    const raf = vi.spyOn(globalThis, 'requestAnimationFrame');
    const ac = new AbortController();
    const obs = createObserver({ signal: ac.signal, root: document.body });
    const seen = vi.fn();
    obs.onAdded('.card', seen);
    list(3);
    await vi.waitFor(() => expect(seen).toHaveBeenCalledOnce());
    expect(raf).toHaveBeenCalledOnce();
    ac.abort();
    raf.mockRestore();
  });
});
