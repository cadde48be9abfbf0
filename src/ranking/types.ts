/**
 * Shared types of the pure ranking core. Nothing here touches a browser API or does I/O, so
 * the same code runs in the extension, in unit tests and in the offline evaluation.
 */

/** Which of the two texts an encoder is asked about; asymmetric encoders (e5, bge) use it. */
export type EmbedKind = 'query' | 'passage';

/** Turns texts into vectors. Injected, so the core never loads a model itself. */
export interface Embedder {
  /** Stable id of the model (and revision); a profile built with another id is not comparable. */
  readonly id: string;
  readonly dims: number;
  embed(texts: string[], kind: EmbedKind): Promise<Float32Array[]>;
}

/**
 * The part of a stored history event the profile needs. `HistoryEvent` from
 * `src/history/types.ts` satisfies it structurally, so stored history can be fed directly.
 */
export interface ProfileEvent {
  kind: 'view' | 'click' | 'search' | 'dismiss';
  site: string;
  title: string;
  query?: string;
  itemId?: string;
  url?: string;
  /** Milliseconds since the epoch. */
  time: number;
  dwellMs?: number;
  /** Repeats folded into this event by de-duplication. */
  count?: number;
}

/** One entry of a recommendation list on the page, in the platform's order. */
export interface PageItem {
  title: string;
  /** The site's own id (video id, ASIN, …); used to recognise items the user already has. */
  itemId?: string;
  url?: string;
}

/** Which path produced an order: the fallback chain reports the one that ran. */
export type RankMethod = 'encoder' | 'lexical' | 'platform';

/** What an explanation points at. */
export type ReasonKind = 'similar-to' | 'interest' | 'dismissed' | 'terms' | 'owned' | 'anchor' | 'platform';

/** One piece of evidence for an item's move, as data the UI can render as text. */
export interface Reason {
  kind: ReasonKind;
  direction: 'up' | 'down';
  /** The history title, interest label, anchor text or matched words; plain text, never HTML. */
  text: string;
  /** Signed contribution to the item's personal score, in standard deviations of the list. */
  weight: number;
}

/** Per-item outcome, indexed like the input list. */
export interface ItemExplanation {
  /** Position in the platform's list. */
  from: number;
  /** Position in the new order. */
  to: number;
  /** Strongest reasons first; empty when nothing in the profile bears on the item. */
  reasons: Reason[];
}

/** Result of one ranking request; `order[k]` is the input index shown at position k. */
export interface RankResult {
  order: number[];
  method: RankMethod;
  /** True when the profile had no usable evidence and the platform order was kept. */
  coldStart: boolean;
  /** Share of the personal score in the blend actually used (0 = platform order). */
  strength: number;
  explanations: ItemExplanation[];
  /** Vector similarity evaluations; bounded by list size × profile size, never by history length. */
  comparisons: number;
  /** Problems met and worked around (broken vectors, embedder failure), for diagnostics. */
  warnings: string[];
}
