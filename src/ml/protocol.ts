/**
 * Messages between the model host (offscreen document / background page) and the model
 * worker. Every request carries an `id`; the worker answers with exactly one response of the
 * same `kind` and `id`, or with `{ kind: 'error', id }`.
 *
 *   host ──init──►   worker     (once per worker, before anything else)
 *   host ──load──►   worker ──load──►   host   (optional: embed loads lazily)
 *   host ──embed──►  worker ──embed──►  host   (vectors transferred, not copied)
 *   host ──cancel──► worker ──cancel──► host   (the cancelled request answers `cancelled`)
 */
import type { ModelDtype } from '../../models/registry';
import type { MlErrorCode } from './errors';
import type { RuntimeConfig } from './runtime';
import type { EmbedKind, EmbedStats, MlDevice } from './types';

/** Where one embed request's time went inside the worker (the embedder's counters for it). */
export type EmbedStages = Omit<EmbedStats, 'calls' | 'texts'>;

/** Every request the worker understands. */
export type WorkerRequest =
  | { readonly kind: 'init'; readonly id: number; readonly config: RuntimeConfig }
  | { readonly kind: 'load'; readonly id: number; readonly modelId: string }
  | {
      readonly kind: 'embed';
      readonly id: number;
      readonly modelId: string;
      readonly texts: readonly string[];
      readonly textKind: EmbedKind;
    }
  | { readonly kind: 'unload'; readonly id: number; readonly modelId: string }
  | { readonly kind: 'cancel'; readonly id: number; readonly target: number }
  | { readonly kind: 'ping'; readonly id: number };

/** Request kinds. */
export type RequestKind = WorkerRequest['kind'];

/** Facts about a loaded model. */
export interface LoadedModel {
  readonly modelId: string;
  readonly dims: number;
  readonly dtype: ModelDtype;
  readonly device: MlDevice;
}

/** Every successful response, one per request kind. */
export type WorkerSuccess =
  | { readonly kind: 'init'; readonly id: number }
  | ({ readonly kind: 'load'; readonly id: number; readonly loadMs: number } & LoadedModel)
  | { readonly kind: 'embed'; readonly id: number; readonly vectors: Float32Array[]; readonly ms: number; readonly stages?: EmbedStages }
  | { readonly kind: 'unload'; readonly id: number; readonly unloaded: boolean }
  | { readonly kind: 'cancel'; readonly id: number; readonly cancelled: boolean }
  | { readonly kind: 'ping'; readonly id: number; readonly loaded: readonly LoadedModel[] };

/** A failed request. */
export interface WorkerFailure {
  readonly kind: 'error';
  readonly id: number;
  readonly request: RequestKind | 'unknown';
  readonly code: MlErrorCode;
  readonly message: string;
}

/** Anything the worker posts. */
export type WorkerResponse = WorkerSuccess | WorkerFailure;

/** The success response type for a request kind. */
export type ResponseFor<K extends RequestKind> = Extract<WorkerSuccess, { kind: K }>;

/** A request without its id (the client assigns ids). */
export type RequestBody<K extends RequestKind> = Omit<Extract<WorkerRequest, { kind: K }>, 'id'>;

const KINDS: ReadonlySet<string> = new Set(['init', 'load', 'embed', 'unload', 'cancel', 'ping']);

/** Narrows an untrusted message to a request shape (fields are checked by the handler). */
export function isWorkerRequest(value: unknown): value is WorkerRequest {
  const v = value as { kind?: unknown; id?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.kind === 'string' && KINDS.has(v.kind) && Number.isSafeInteger(v.id);
}
