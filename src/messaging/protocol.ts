import type { EventKind, HistoryEvent, HistoryQuery, HistoryStats, ImportResult } from '../history/types';
import type { ModelStatus } from '../ml/model-service';
import type { LlmSteering, ProfileWords } from '../llm/llm-state';
import type { LlmStatus } from '../llm/llm-service';
import type { Refined } from '../llm/refine';
import type { GenerateResult } from '../ml/llm/llm-protocol';
import type { Settings } from '../settings/settings';

/** An event as the content script reports it; the background adds site and time. */
export interface EventReport {
  kind: EventKind;
  url: string;
  title: string;
  query?: string;
  itemId?: string;
  dwellMs?: number;
}

/** One item of a list as the content script read it (plain text). */
export interface RankItem {
  title: string;
  itemId?: string;
  url?: string;
}

/** Why one item moved, for its badge: the strongest reason, as text. */
export interface MoveReason {
  direction: 'up' | 'down';
  text: string;
  kind: string;
}

export interface ListRanking {
  id: string;
  order: number[];
  method: 'encoder' | 'lexical' | 'platform';
  coldStart: boolean;
  strength: number;
  /** Per input index: the strongest reasons for its move (empty when nothing bears on it). */
  reasons: MoveReason[][];
  /** False: a better order follows when asked with `stage: 'final'` (progressive ranking). */
  final: boolean;
  /** Time the background spent on this list (profile, cached vectors, ranking; model waits included). */
  ms?: number;
  /** With `final: false`: what the final request names instead of the items. */
  ticket?: number;
  /** The final request's ticket was unknown: ask again with the items. */
  expired?: boolean;
  /** The on-device LLM re-ordered the top of this list (its badges say so). */
  llm?: boolean;
}

/** One ranked list on a page. Times are ms from reading the list to applying the order. */
export interface ListReport {
  id: string;
  kind: string;
  items: number;
  moved: number;
  method: string;
  coldStart: boolean;
  /** First batch: time to the first order, and to the final one (progressive ranking). */
  firstMs?: number;
  finalMs?: number;
  /** First batch: the background's time for the first stage (our time beside the content script's). */
  rankMs?: number;
  /** Items moved by refinements after the first order was shown, and how many of those were seen. */
  refined?: number;
  refinedSeen?: number;
  /** The on-device LLM refined this list's top (below what the user had seen). */
  llm?: boolean;
}

/** What the content script did on a page, for the popup. */
export interface PageReport {
  url: string;
  site: string;
  /** The adapter found lists (false: "layout not recognised", the page was left as it was). */
  recognised: boolean;
  lists: ListReport[];
  moves: { title: string; from: number; to: number; reason: string }[];
  restored: boolean;
  time: number;
}

export interface SiteState {
  id: string;
  name: string;
  enabled: boolean;
  /** Settings say on, but the browser's permission was revoked. */
  revoked: boolean;
  generic: boolean;
}

export interface Status {
  paused: boolean;
  /** Last reason an event could not be stored (quota, blocked upgrade), with time. */
  lastError?: { message: string; time: number } | undefined;
}

/**
 * Every message, one verb each: request payload and response type.
 * Verbs under `page.` come from content scripts; the others only from extension pages.
 */
export interface ProtocolMap {
  'page.record': { req: EventReport; res: { stored: boolean; reason?: string } };
  'page.dwell': { req: { url: string; dwellMs: number }; res: { stored: boolean } };
  /**
   * Rank the lists of the sender's page. With `stage: 'first'` the answer needs no new model work
   * (lists whose answer is not `final` are asked again with `stage: 'final'`); without a stage, the
   * final order at once. A final request names the first answer's `ticket` and may leave `items`
   * empty (sent once); when the background no longer has them (restarted), it answers `expired`.
   */
  'page.rank': { req: { lists: { id: string; items: RankItem[]; ticket?: number }[]; stage?: 'first' | 'final' }; res: { lists: ListRanking[]; badges: boolean } };
  /** Drop the model work still queued for these lists of the sender's tab (they left the page). */
  'page.cancel': { req: { lists: string[] }; res: { cancelled: number } };
  /** What the content script did on its page (kept per tab for the popup). */
  'page.report': { req: PageReport; res: { ok: true } };
  /** The report of a tab's page, for the popup. */
  'tab.report': { req: { tabId: number }; res: PageReport | null };
  /** Show the site's original order (or re-apply ours) in a tab. */
  'tab.original': { req: { tabId: number; original: boolean }; res: { ok: boolean; report: PageReport | null } };
  /** Per-site health: lists and items found on the last visits. */
  'sites.health': { req: Record<string, never>; res: Record<string, { time: number; lists: number; items: number; recognised: boolean }[]> };
  'history.list': { req: HistoryQuery; res: HistoryEvent[] };
  'history.stats': { req: Record<string, never>; res: HistoryStats };
  'history.delete': { req: { id: number }; res: { deleted: number } };
  'history.clearSite': { req: { site: string }; res: { deleted: number } };
  'history.clearAll': { req: Record<string, never>; res: { deleted: number } };
  'history.export': { req: Record<string, never>; res: { json: string } };
  'history.import': { req: { json: string }; res: ImportResult };
  'sites.list': { req: Record<string, never>; res: SiteState[] };
  'sites.set': { req: { id: string; enabled: boolean; host?: string }; res: SiteState[] };
  'settings.get': { req: Record<string, never>; res: Settings };
  'settings.patch': { req: Partial<Settings>; res: Settings };
  'status.get': { req: Record<string, never>; res: Status };
  /** Embed texts with the active model (cache first). Vectors travel as plain arrays. */
  'model.embed': { req: { texts: string[]; kind?: 'query' | 'passage' }; res: { modelId: string | null; vectors: number[][]; cached: number; computed: number; reason?: string } };
  'model.status': { req: Record<string, never>; res: ModelStatus };
  /** Stop the model worker to give its memory back; it restarts on the next request. */
  'model.terminate': { req: Record<string, never>; res: { terminated: boolean } };
  /** The on-device LLM (src/llm): state for the popup and options page; never starts it. */
  'llm.status': { req: Record<string, never>; res: LlmStatus };
  /** The interest profile in words, as stored. */
  'llm.profile': { req: Record<string, never>; res: ProfileWords };
  /** The user's edit of the profile (empty clears it); it steers the ranker from now on. */
  'llm.profile.edit': { req: { text: string }; res: ProfileWords };
  /** Write the profile from history now. */
  'llm.profile.regenerate': { req: Record<string, never>; res: ProfileWords };
  /** The steering as last structured (null before any), for the popup to show what was understood. */
  'llm.steering': { req: Record<string, never>; res: LlmSteering | null };
  /** Steering words → anchors (LLM-structured when it runs, else the plain-word parser); saved as the steering. */
  'llm.steer': { req: { text: string }; res: LlmSteering };
  /** Load the LLM now (its first refinement would otherwise spend the budget loading). */
  'llm.load': { req: Record<string, never>; res: { loaded: boolean; ms: number } };
  /** Stop the LLM worker; its memory goes back to the system. */
  'llm.terminate': { req: Record<string, never>; res: { terminated: boolean } };
  /** One generation (tests and bench): token limit, and a cancel after `cancelAfterMs`. */
  'llm.generate': { req: { system: string; user: string; maxTokens: number; cancelAfterMs?: number }; res: GenerateResult };
  /** Refine a list as the page loop does (tests and bench): null = the fast order stays. */
  'llm.refine': { req: { titles: string[]; order?: number[]; k?: number; budgetMs?: number }; res: { refined: Refined | null; status: LlmStatus } };
}

export type Verb = keyof ProtocolMap;
export type Req<V extends Verb> = ProtocolMap[V]['req'];
export type Res<V extends Verb> = ProtocolMap[V]['res'];
export interface Envelope<V extends Verb = Verb> {
  readonly lr: 1;
  readonly verb: V;
  readonly payload: Req<V>;
}
/** Errors travel back as data so the caller can show them. */
export type Reply<V extends Verb> = { ok: true; value: Res<V> } | { ok: false; error: string };

export function isEnvelope(msg: unknown): msg is Envelope {
  return typeof msg === 'object' && msg !== null && (msg as Envelope).lr === 1 && typeof (msg as Envelope).verb === 'string';
}
