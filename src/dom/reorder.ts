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
 * Moves `target` slots into the positions `current` slots hold, leaving other children in place.
 * Goes from the last position backwards: each slot is inserted before the first non-slot node
 * that followed that position, or before the slot already placed after it.
 */
function placeSlots(container: MovableParent, current: readonly Element[], target: readonly Element[]): void {
  const inSet = new Set<Node>(current);
  const after = current.map((slot) => {
    let n = slot.nextSibling;
    while (n && inSet.has(n)) n = n.nextSibling;
    return n !== null && n === slot.nextSibling ? n : undefined;
  });
  const tail = current.length ? nextNonSlot(current[current.length - 1] as Element, inSet) : null;
  let ref: Node | null = tail;
  for (let i = target.length - 1; i >= 0; i--) {
    const slot = target[i] as Element;
    ref = i === target.length - 1 ? tail : (after[i] ?? ref);
    const inPlace = ref ? ref.previousSibling === slot : container.lastChild === slot;
    // moveBefore (Chromium 133+) keeps focus, iframes and animations of the moved subtree.
    if (inPlace) {
      ref = slot;
      continue;
    }
    if (container.moveBefore) container.moveBefore(slot, ref);
    else container.insertBefore(slot, ref);
    ref = slot;
  }
}

function nextNonSlot(slot: Element, inSet: Set<Node>): Node | null {
  let n = slot.nextSibling;
  while (n && inSet.has(n)) n = n.nextSibling;
  return n;
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

/** Those of `slots` that are still children of `container`, in the order they appear there. */
function inChildOrder(container: Element, slots: readonly Element[]): Element[] {
  const wanted = new Set(slots);
  return [...container.children].filter((c) => wanted.has(c));
}

/** Are `slots` all children of `container`, in this relative order? */
function sameSequence(container: Element, slots: readonly Element[]): boolean {
  let i = 0;
  for (const child of container.children) if (child === slots[i]) i++;
  return i === slots.length;
}
