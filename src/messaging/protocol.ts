import type { EventKind, HistoryEvent, HistoryQuery, HistoryStats, ImportResult } from '../history/types';
import type { ModelStatus } from '../ml/model-service';
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
