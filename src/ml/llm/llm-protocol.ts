/**
 * Messages between the model host and the LLM worker (its own Worker, apart from the embedding
 * worker, so switching the LLM off frees its memory without touching the embedder). Every request
 * carries an `id`; the worker answers once with the same `kind` and `id`, or `{ kind: 'error' }`.
 *
 *   host ──init──►     worker                      (once, before anything else)
 *   host ──generate──► worker ──generate──► host   (text, token counts, timings)
 *   host ──score──►    worker ──score──►    host   (P("Yes") per user message)
 *   host ──cancel──►   worker ──cancel──►   host   (a cancelled generate answers with what it has)
 */
import type { ModelDtype } from '../../../models/registry';
import type { MlErrorCode } from '../errors';
import type { RuntimeConfig } from '../runtime';
import type { MlDevice } from '../types';

/** A one-turn chat: the system prompt (cached between calls), the user's turn, and text the answer must start with. */
export interface ChatPrompt {
  readonly system: string;
  readonly user: string;
  readonly assistantPrefix?: string;
}

/** What a generation produced; `text` excludes `assistantPrefix`. Untrusted model output. */
export interface GenerateResult {
  readonly text: string;
  readonly newTokens: number;
  readonly promptTokens: number;
  /** Prompt tokens served from the prefix KV cache (not recomputed). */
  readonly reusedTokens: number;
  readonly stopped: 'eos' | 'max-tokens' | 'json' | 'cancelled';
  /** Request start → first new token (tokenizing + prefill). */
  readonly ttftMs: number;
  readonly prefillMs: number;
  readonly decodeMs: number;
}

export interface ScoreResult {
  readonly scores: number[];
  readonly promptTokens: number;
  readonly reusedTokens: number;
  readonly ms: number;
}

/** A loaded LLM, and what it holds. */
export interface LoadedLlm {
  readonly modelId: string;
  readonly dtype: ModelDtype;
  readonly device: MlDevice;
  readonly cacheBytes: number;
}

export type LlmRequest =
  | { readonly kind: 'init'; readonly id: number; readonly config: RuntimeConfig }
  | { readonly kind: 'load'; readonly id: number; readonly modelId: string }
  | {
      readonly kind: 'generate';
      readonly id: number;
      readonly modelId: string;
      readonly prompt: ChatPrompt;
      readonly maxNewTokens: number;
      readonly stop?: 'eos' | 'json';
    }
  | { readonly kind: 'score'; readonly id: number; readonly modelId: string; readonly system: string; readonly users: readonly string[] }
  | { readonly kind: 'unload'; readonly id: number; readonly modelId: string }
  | { readonly kind: 'cancel'; readonly id: number; readonly target: number }
  | { readonly kind: 'ping'; readonly id: number };

export type LlmRequestKind = LlmRequest['kind'];

export type LlmSuccess =
  | { readonly kind: 'init'; readonly id: number }
  | ({ readonly kind: 'load'; readonly id: number; readonly loadMs: number } & LoadedLlm)
  | ({ readonly kind: 'generate'; readonly id: number } & GenerateResult)
  | ({ readonly kind: 'score'; readonly id: number } & ScoreResult)
  | { readonly kind: 'unload'; readonly id: number; readonly unloaded: boolean }
  | { readonly kind: 'cancel'; readonly id: number; readonly cancelled: boolean }
  | { readonly kind: 'ping'; readonly id: number; readonly loaded: readonly LoadedLlm[]; readonly jsHeapBytes?: number };

export interface LlmFailure {
  readonly kind: 'error';
  readonly id: number;
  readonly request: LlmRequestKind | 'unknown';
  readonly code: MlErrorCode;
  readonly message: string;
}

export type LlmResponse = LlmSuccess | LlmFailure;
export type LlmResponseFor<K extends LlmRequestKind> = Extract<LlmSuccess, { kind: K }>;
export type LlmRequestBody<K extends LlmRequestKind> = Omit<Extract<LlmRequest, { kind: K }>, 'id'>;

const KINDS: ReadonlySet<string> = new Set(['init', 'load', 'generate', 'score', 'unload', 'cancel', 'ping']);

/** Narrows an untrusted message to a request shape (fields are checked by the handler). */
export function isLlmRequest(value: unknown): value is LlmRequest {
  const v = value as { kind?: unknown; id?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.kind === 'string' && KINDS.has(v.kind) && Number.isSafeInteger(v.id);
}
