import { slotsOf } from './slots';

/**
 * Reordering by moving the page's own elements (never cloning, never re-creating), so listeners
 * and framework state stay attached. Only the item slots move; every other child of the container
 * (ads, headers, spinners) keeps its place, and the items fill the slots they held, in the new order.
 */

/** Attribute on the container while our order is applied; value = the list id. */
export const LIST_ATTR = 'data-localrank-list';
/** Attribute on a moved slot: 'up' or 'down' relative to its original position. */
export const MOVED_ATTR = 'data-localrank-moved';
/** Attribute on a moved slot: its original 0-based position among the slots. */
export const FROM_ATTR = 'data-localrank-from';

/** Runs a DOM change; the shared observer passes its `mute` so our own mutations are not seen. */
export type Mute = (change: () => void) => void;

/** A reorder in place, with what is needed to undo it. */
export interface AppliedOrder {
  readonly container: Element;
  /** Slots in the order we applied. */
  readonly slots: readonly Element[];
  /** Slots that changed position. */
  readonly moved: number;
  /** True while the page still shows our order (every slot present, in our sequence). */
  isIntact(): boolean;
  /** Puts the original order back and removes our markers; safe to call twice. */
  restore(mute?: Mute): void;
}

type MovableParent = Element & { moveBefore?: (node: Node, ref: Node | null) => void };

/**
 * Moves `target` slots into the positions `current` slots hold, leaving other children in place,
 * with the fewest moves: slots on a longest increasing subsequence of the new order stay, the
 * others are each moved once (as keyed DOM diffing does, e.g. Vue's patch). Other children (ads,
 * headers) never move, so a slot stays only within its run of adjacent slots. Whitespace text and
 * comments right after a slot are its "glue": they do not break a run and move with their slot
 * (server-rendered pages put a newline between cards; each card keeps its own, so the page renders
 * the same and undoing is exact). Only writes: no layout is read.
 */
function placeSlots(container: MovableParent, current: readonly Element[], target: readonly Element[]): void {
  const n = current.length;
  if (!n) return;
  const at = new Map<Element, number>();
  // run[p]: which run of adjacent slots position p is in; end[r]: the node after run r (never moves).
  const run = new Int32Array(n);
  const end: (Node | null)[] = [];
  const glue: (Node[] | undefined)[] = [];
  const after: (Node | null)[] = [];
  current.forEach((slot, p) => {
    at.set(slot, p);
    let next = slot.nextSibling;
    let g: Node[] | undefined;
    for (; next && isGlue(next); next = next.nextSibling) (g ??= []).push(next);
    glue.push(g);
    after.push(next);
  });
  current.forEach((slot, p) => {
    if (p > 0) run[p] = run[p - 1]! + (after[p - 1] === slot ? 0 : 1);
    if (p === n - 1 || after[p] !== current[p + 1]) end.push(after[p]!);
  });
  const stay = staying(target.map((slot, k) => {
    const from = at.get(slot)!;
    return run[from] === run[k] ? from : -1;
  }));
  const move = (node: Node, ref: Node | null) => (container.moveBefore ? container.moveBefore(node, ref) : container.insertBefore(node, ref));
  let ref: Node | null = null;
  for (let k = n - 1; k >= 0; k--) {
    if (k === n - 1 || run[k + 1] !== run[k]) ref = end[run[k]!] ?? null;
    const slot = target[k]!;
    // moveBefore (Chromium 133+) keeps focus, iframes and animations of the moved subtree.
    if (!stay[k]) {
      move(slot, ref);
      for (const g of glue[at.get(slot)!] ?? []) move(g, ref);
    }
    ref = slot;
  }
}

/** HTML whitespace only (not U+00A0, which renders), or a comment: renders nothing between cards. */
const BLANK = /^[ \t\n\r\f]*$/;
// 3 = text node, 8 = comment (the Node constants are a DOM global, absent where this loads in Node).
const isGlue = (node: Node): boolean => node.nodeType === 8 || (node.nodeType === 3 && BLANK.test((node as Text).data));

/**
 * Marks a longest strictly increasing subsequence of `from` (entries < 0 never take part):
 * patience sorting with back links, O(n log n).
 */
export function staying(from: readonly number[]): boolean[] {
  const tails: number[] = []; // tails[len]: index in `from` ending the best subsequence of length len + 1
  const back = new Int32Array(from.length).fill(-1);
  for (let i = 0; i < from.length; i++) {
    const v = from[i]!;
    if (v < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (from[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) back[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Array<boolean>(from.length).fill(false);
  for (let i = tails.at(-1) ?? -1; i >= 0; i = back[i]!) out[i] = true;
  return out;
}

/**
 * Applies `order` to a list: `order[k]` is the index (into `items`) of the item to show k-th.
 * Throws RangeError when `order` is not a permutation of the items' indexes, or the items do not
 * each sit in their own direct child of `container`.
 */
export function applyOrder(list: { readonly id: string; readonly container: Element; readonly items: readonly Element[] }, order: readonly number[], mute: Mute = (f) => f()): AppliedOrder {
  const { container } = list;
  const original = slotsOf(container, list.items);
  if (!original) throw new RangeError('items must each sit in their own child of the container');
  if (order.length !== original.length || new Set(order).size !== order.length || order.some((i) => !Number.isInteger(i) || i < 0 || i >= original.length)) {
    throw new RangeError('order must be a permutation of the item indexes');
  }
  const current = inChildOrder(container, original);
  const position = new Map(current.map((slot, k) => [slot, k]));
  const target = order.map((i) => original[i] as Element);
  let moved = 0;
  mute(() => {
    placeSlots(container, current, target);
    container.setAttribute(LIST_ATTR, list.id);
    target.forEach((slot, k) => {
      const from = position.get(slot) ?? k;
      if (from === k) return;
      moved++;
      slot.setAttribute(MOVED_ATTR, k < from ? 'up' : 'down');
      slot.setAttribute(FROM_ATTR, String(from));
    });
  });
  let restored = false;
  return {
    container,
    slots: target,
    moved,
    isIntact: () => !restored && sameSequence(container, target),
    restore(again = mute) {
      if (restored) return;
      restored = true;
      again(() => {
        const now = inChildOrder(container, target);
        const present = new Set(now);
        placeSlots(container, now, current.filter((s) => present.has(s)));
        for (const s of target) {
          s.removeAttribute(MOVED_ATTR);
          s.removeAttribute(FROM_ATTR);
        }
        container.removeAttribute(LIST_ATTR);
      });
    },
  };
}

/**
 * Those of `slots` that are still children of `container`, in the order they appear there. Walks
 * outwards from one slot until every slot is met: the cost is the span the slots cover (a batch
 * of appended cards), not the length of the whole list.
 */
function inChildOrder(container: Element, slots: readonly Element[]): Element[] {
  const present = new Set(slots.filter((s) => s.parentNode === container));
  const first = present.values().next().value;
  if (!first) return [];
  const before: Element[] = [];
  const after: Element[] = [first];
  let b = first.previousElementSibling;
  let f = first.nextElementSibling;
  while (before.length + after.length < present.size && (b || f)) {
    if (b) {
      if (present.has(b)) before.push(b);
      b = b.previousElementSibling;
    }
    if (f) {
      if (present.has(f)) after.push(f);
      f = f.nextElementSibling;
    }
  }
  return before.reverse().concat(after);
}

/** Are `slots` all children of `container`, in this relative order? */
function sameSequence(container: Element, slots: readonly Element[]): boolean {
  const now = inChildOrder(container, slots);
  return now.length === slots.length && now.every((s, i) => s === slots[i]);
}
