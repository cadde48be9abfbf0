import type { FoundList, ListKind } from './types';
import { slotOf } from '../dom/slots';

/** One page variant of a list: where its container is, what its items are, what to leave in place. */
export interface ListRule {
  readonly kind: ListKind;
  /** Selector of the container whose direct children are reordered. */
  readonly container: string;
  /** Selector of an item, matched among the container's descendants. */
  readonly item: string;
  /** Items matching or containing this stay where they are (ads …). */
  readonly skip?: string;
  /** The container only counts when it (or an ancestor) matches this (e.g. a "similar items" feature). */
  readonly within?: string;
}

/** Fewer items than this is not a list worth reordering. */
export const MIN_ITEMS = 2;

/**
 * Items of `container` for `rule`: matches not nested in another match, not skipped, one per
 * slot (items that share a slot are left out, so they stay in place together). With `among`
 * (children of the container), only the items inside those children.
 */
export function itemsIn(container: Element, rule: ListRule, among?: readonly Element[]): Element[] {
  const all = among
    ? among.flatMap((kid) => (kid.parentElement !== container ? [] : kid.matches(rule.item) ? [kid, ...kid.querySelectorAll(rule.item)] : [...kid.querySelectorAll(rule.item)]))
    : [...container.querySelectorAll(rule.item)];
  const outer = all.filter((el) => {
    const enclosing = el.parentElement?.closest(rule.item);
    return !enclosing || !container.contains(enclosing);
  });
  const bySlot = new Map<Element, Element[]>();
  for (const el of outer) {
    if (rule.skip && (el.matches(rule.skip) || el.querySelector(rule.skip))) continue;
    const slot = slotOf(container, el);
    if (slot) bySlot.set(slot, [...(bySlot.get(slot) ?? []), el]);
  }
  return [...bySlot.values()].filter((group) => group.length === 1).map((group) => group[0] as Element);
}

/** Lists of every rule, in rule order; a container is used once (first rule that claims it wins). */
export function findByRules(root: ParentNode, rules: readonly ListRule[]): FoundList[] {
  const used = new Set<Element>();
  const counts = new Map<ListKind, number>();
  const out: FoundList[] = [];
  for (const rule of rules) {
    for (const container of root.querySelectorAll(rule.container)) {
      if (used.has(container) || (rule.within && !container.closest(rule.within))) continue;
      const items = itemsIn(container, rule);
      if (items.length < MIN_ITEMS) continue;
      used.add(container);
      const n = counts.get(rule.kind) ?? 0;
      counts.set(rule.kind, n + 1);
      out.push({ id: `${rule.kind}-${n}`, kind: rule.kind, container, items, itemsAmong: (kids) => itemsIn(container, rule, kids) });
    }
  }
  return out;
}
