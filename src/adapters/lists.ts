import type { FoundList, ListKind, PageKind } from './types';
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
  /** Only looked for on these kinds of page (each rule is a walk of the whole page); all when absent. */
  readonly on?: readonly PageKind[];
}

/** Fewer items than this is not a list worth reordering. */
export const MIN_ITEMS = 2;

/**
 * Items of `container` for `rule`: matches not nested in another match, not skipped, one per
 * slot (items that share a slot are left out, so they stay in place together). With `among`
 * (children of the container), only the items inside those children.
 */
export function itemsIn(container: Element, rule: ListRule, among?: readonly Element[]): Element[] {
  const all = matchesIn(container, rule.item, among);
  // Skipped content: one query over the container (or the appended children), not one per item.
  const skipped = rule.skip ? skippedIn(container, rule.skip, among) : undefined;
  // Each slot's item; null when two items share the slot (moving it would move both).
  const bySlot = new Map<Element, Element | null>();
  for (const el of all) {
    if (nestedItem(el, container, rule.item)) continue;
    // An item that is or contains skipped content is in the set (it holds the matches' ancestors).
    if (skipped?.has(el)) continue;
    const slot = slotOf(container, el);
    if (slot) bySlot.set(slot, bySlot.has(slot) ? null : el);
  }
  return [...bySlot.values()].filter((el): el is Element => el !== null);
}

/** Elements matching `selector` in `container`, or only in (and among) its children `among`. */
function matchesIn(container: Element, selector: string, among?: readonly Element[]): Element[] {
  if (!among) return queryAll(container, selector);
  return among.flatMap((kid) => (kid.parentElement !== container ? [] : kid.matches(selector) ? [kid, ...queryAll(kid, selector)] : queryAll(kid, selector)));
}

/** Is `el` inside another match of `item` within `container`? (Walks up to the container only.) */
function nestedItem(el: Element, container: Element, item: string): boolean {
  for (let up = el.parentElement; up && up !== container; up = up.parentElement) if (up.matches(item)) return true;
  return false;
}

/** Elements matching `skip` in `container` (or only in the children `among`), with their ancestors up to the container. */
function skippedIn(container: Element, skip: string, among?: readonly Element[]): Set<Element> {
  const out = new Set<Element>();
  for (const el of matchesIn(container, skip, among)) for (let n: Element | null = el; n && n !== container && !out.has(n); n = n.parentElement) out.add(n);
  return out;
}

/**
 * Lists of every rule, in rule order; a container is used once (first rule that claims it wins).
 * With `page`, rules meant for other kinds of page (`on`) are not looked for.
 */
export function findByRules(root: ParentNode, rules: readonly ListRule[], page?: PageKind): FoundList[] {
  const used = new Set<Element>();
  const counts = new Map<ListKind, number>();
  const out: FoundList[] = [];
  for (const rule of rules) {
    if (page && rule.on && !rule.on.includes(page)) continue;
    for (const container of queryAll(root, rule.container)) {
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

/**
 * `root.querySelectorAll(selector)` as an array, with a selector list queried one part at a time
 * and merged in document order: Chromium walks a 7,000-element page 2–3× slower for a list of
 * selectors than for its parts one after another (0.45 against 0.19 ms for Amazon's four rules).
 */
export function queryAll(root: ParentNode, selector: string): Element[] {
  const parts = selectorParts(selector);
  if (parts.length < 2) return [...root.querySelectorAll(selector)];
  const found = new Set<Element>();
  for (const part of parts) for (const el of root.querySelectorAll(part)) found.add(el);
  const out = [...found];
  if (out.length < 2) return out;
  // 4 = DOCUMENT_POSITION_FOLLOWING (the Node constants are a DOM global, absent where this loads in Node).
  return out.sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & 4 ? -1 : 1));
}

/** The top-level parts of a selector list (commas inside (), [] or quotes do not split). */
export function selectorParts(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\') i++;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(selector.slice(start).trim());
  return parts.filter(Boolean);
}
