/**
 * Reasons for each item's move, as data: which history item, interest, dismissal, words or
 * anchor pushed it up or down, and by how much (in list standard deviations).
 */
import type { ItemFeatures } from './features';
import type { Profile } from './profile';
import type { FeatureName } from './score';
import type { ItemExplanation, Reason } from './types';

// Contributions smaller than this are noise to a reader.
const MIN_WEIGHT = 0.2;
const MAX_REASONS = 3;

function reasonFor(name: FeatureName, f: ItemFeatures, p: Profile): Omit<Reason, 'direction' | 'weight'> | null {
  switch (name) {
    case 'recentMax':
    case 'recentSoft': {
      const m = p.recent[f.bestRecent];
      return m ? { kind: 'similar-to', text: m.title } : null;
    }
    case 'pair':
    case 'sequence':
    case 'phrase': {
      const m = p.recent[f.bestPair];
      return m ? { kind: 'similar-to', text: m.title } : null;
    }
    case 'typicality':
      // "Down because it resembles the rest of the list" tells the user nothing they can act on.
      return null;
    case 'interest': {
      const it = p.interests[f.bestInterest];
      return it ? { kind: 'interest', text: it.label } : null;
    }
    case 'negative': {
      // With vectors: the dismissed item itself; lexical only: the dismissed words it shares.
      const m = p.negatives[f.bestNegative];
      return { kind: 'dismissed', text: m?.title ?? f.negTerms.join(', ') };
    }
    case 'lexical':
      return { kind: 'terms', text: f.terms.join(', ') };
    case 'anchor':
      return { kind: 'anchor', text: p.anchors.map((a) => a.text).join(', ') };
  }
}

/**
 * Build reasons for one item. Every history-item feature (vector max / soft-max, per-item
 * fused match, latest item, shared phrases) is merged into one "similar to", named after the
 * history item behind the larger part: the vector match or the per-item fused match.
 */
export function explainItem(contrib: Record<FeatureName, number>, f: ItemFeatures, p: Profile, seenAdj: number): Reason[] {
  const vectorPart = contrib.recentMax + contrib.recentSoft;
  const itemPart = contrib.pair + contrib.sequence + contrib.phrase;
  const merged: Array<[FeatureName, number]> = [
    [Math.abs(itemPart) > Math.abs(vectorPart) && f.bestPair >= 0 ? 'pair' : 'recentMax', vectorPart + itemPart],
    ['interest', contrib.interest],
    ['negative', contrib.negative],
    ['lexical', contrib.lexical],
    ['anchor', contrib.anchor],
  ];
  const reasons: Reason[] = [];
  for (const [name, weight] of merged) {
    if (Math.abs(weight) < MIN_WEIGHT) continue;
    // "Down because it is unlike X" or "up because unlike what you dismissed" reads as noise:
    // only evidence in its natural direction is shown (anchors can go either way).
    if ((name === 'negative' && weight > 0) || (name !== 'negative' && name !== 'anchor' && weight < 0)) continue;
    const r = reasonFor(name, f, p);
    if (r && r.text) reasons.push({ ...r, direction: weight > 0 ? 'up' : 'down', weight });
  }
  if (seenAdj !== 0) reasons.push({ kind: 'owned', direction: seenAdj > 0 ? 'up' : 'down', text: 'already seen', weight: seenAdj });
  return reasons.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, MAX_REASONS);
}

/** Positions before and after, with reasons, indexed like the input list. */
export function explainAll(order: number[], reasons: Reason[][]): ItemExplanation[] {
  const to = new Array<number>(order.length).fill(0);
  order.forEach((item, pos) => (to[item] = pos));
  return to.map((pos, i) => ({ from: i, to: pos, reasons: reasons[i] ?? [] }));
}
