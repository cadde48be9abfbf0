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
  // Skipped content: one query over the container (or the appended children), not one per item.
  const skipped = rule.skip ? skippedIn(container, rule.skip, among) : undefined;
  const bySlot = new Map<Element, Element[]>();
  for (const el of all) {
    if (nestedItem(el, container, rule.item)) continue;
    // An item that is or contains skipped content is in the set (it holds the matches' ancestors).
    if (skipped?.has(el)) continue;
    const slot = slotOf(container, el);
    if (slot) bySlot.set(slot, [...(bySlot.get(slot) ?? []), el]);
  }
  return [...bySlot.values()].filter((group) => group.length === 1).map((group) => group[0] as Element);
}

/** Is `el` inside another match of `item` within `container`? (Walks up to the container only.) */
function nestedItem(el: Element, container: Element, item: string): boolean {
  for (let up = el.parentElement; up && up !== container; up = up.parentElement) if (up.matches(item)) return true;
  return false;
}

/** Elements matching `skip` in `container` (or only in the children `among`), with their ancestors up to the container. */
function skippedIn(container: Element, skip: string, among?: readonly Element[]): Set<Element> {
  const found = among ? among.flatMap((kid) => (kid.matches(skip) ? [kid, ...kid.querySelectorAll(skip)] : [...kid.querySelectorAll(skip)])) : [...container.querySelectorAll(skip)];
  const out = new Set<Element>();
  for (const el of found) for (let n: Element | null = el; n && n !== container && !out.has(n); n = n.parentElement) out.add(n);
  return out;
}

/**
 * Lists of every rule, in rule order; a container is used once (first rule that claims it wins).
 * The page is walked once for all the rules' containers (a 2 MB page costs a walk per query).
 */
export function findByRules(root: ParentNode, rules: readonly ListRule[]): FoundList[] {
  const used = new Set<Element>();
  const counts = new Map<ListKind, number>();
  const out: FoundList[] = [];
  if (!rules.length) return out;
  const candidates = [...root.querySelectorAll(rules.map((r) => r.container).join(', '))];
  for (const rule of rules) {
    for (const container of candidates) {
      if (used.has(container) || !container.matches(rule.container) || (rule.within && !container.closest(rule.within))) continue;
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
