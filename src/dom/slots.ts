/**
 * Slots: the direct children of a list container that hold the items. Items are reordered by
 * moving their slots, so wrappers (an item inside its own <li> or <div>) move with their item.
 */

/** The direct child of `container` that contains `el` (or `el` itself); undefined when outside. */
export function slotOf(container: Element, el: Element): Element | undefined {
  let node: Element | null = el;
  while (node && node.parentElement !== container) node = node.parentElement;
  return node ?? undefined;
}

/**
 * Slots of `items`, one per item, in item order; undefined when an item lies outside the
 * container or two items share a slot (moving that slot would move both: not a list we can order).
 */
export function slotsOf(container: Element, items: readonly Element[]): Element[] | undefined {
  const seen = new Set<Element>();
  const out: Element[] = [];
  for (const item of items) {
    const slot = slotOf(container, item);
    if (!slot || seen.has(slot)) return undefined;
    seen.add(slot);
    out.push(slot);
  }
  return out;
}
