import { browser } from 'wxt/browser';
import { MlError, type MlErrorCode } from '../errors';
import { ensureOffscreen, OFFSCREEN_PATH, type HostReply } from '../host-connection';
import { extUrl, modelBaseUrl, ortPaths } from '../host-paths';
import { createLlmWorker } from './create-llm-worker';
import { LlmHost, type LlmHostStatus, type LlmPrefs } from './llm-host';
import type { ChatPrompt, GenerateResult, ScoreResult } from './llm-protocol';

/** How the background reaches the LLM in the model host; the same calls on both browsers. */
export interface LlmConnection {
  generate(modelId: string, prompt: ChatPrompt, maxNewTokens: number, stop: 'eos' | 'json', prefs: LlmPrefs, signal?: AbortSignal): Promise<GenerateResult>;
  score(modelId: string, system: string, users: readonly string[], prefs: LlmPrefs, signal?: AbortSignal): Promise<ScoreResult>;
  load(modelId: string, prefs: LlmPrefs): Promise<void>;
  /** Never starts the host or its worker. */
  status(): Promise<LlmHostStatus>;
  terminate(): Promise<void>;
}

/** Messages from the background to the offscreen document's LLM host (Chrome). */
export type LlmHostMessage =
  | { lrLlm: 1; op: 'generate'; ticket: number; prefs: LlmPrefs; modelId: string; prompt: ChatPrompt; maxNewTokens: number; stop: 'eos' | 'json' }
  | { lrLlm: 1; op: 'score'; ticket: number; prefs: LlmPrefs; modelId: string; system: string; users: readonly string[] }
  | { lrLlm: 1; op: 'load'; prefs: LlmPrefs; modelId: string }
  | { lrLlm: 1; op: 'cancel'; ticket: number }
  | { lrLlm: 1; op: 'status' }
  | { lrLlm: 1; op: 'terminate' };

/** Firefox (no offscreen API): the background page owns the LLM host itself. */
export function directLlmConnection(host = new LlmHost({ createWorker: createLlmWorker, localModelPath: modelBaseUrl(), wasmPaths: ortPaths() })): LlmConnection {
  return {
    generate: (m, p, n, stop, prefs, signal) => (host.setPrefs(prefs), host.generate(m, p, n, stop, signal)),
    score: (m, s, u, prefs, signal) => (host.setPrefs(prefs), host.score(m, s, u, signal)),
    load: (m, prefs) => (host.setPrefs(prefs), host.load(m)),
    status: () => host.status(),
    terminate: async () => host.terminate(),
  };
}

async function offscreenExists(): Promise<boolean> {
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as never], documentUrls: [extUrl(OFFSCREEN_PATH)] });
  return contexts.length > 0;
}

async function ask(message: LlmHostMessage): Promise<unknown> {
  await ensureOffscreen();
  const reply = (await browser.runtime.sendMessage(message)) as HostReply | undefined;
  if (!reply) throw new MlError('crashed', 'The model host did not answer.');
  if (!reply.ok) throw new MlError((reply.code as MlErrorCode | undefined) ?? 'internal', reply.error);
  return reply.value;
}

let tickets = 1;

/** Sends a cancellable request: an abort tells the host to cancel it by ticket. */
function cancellable(message: LlmHostMessage & { ticket: number }, signal?: AbortSignal): Promise<unknown> {
  if (signal?.aborted) return Promise.reject(new MlError('cancelled', `${message.op} cancelled`));
  const cancel = () => void ask({ lrLlm: 1, op: 'cancel', ticket: message.ticket }).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  return ask(message).finally(() => signal?.removeEventListener('abort', cancel));
}

/** Chrome: the offscreen document (shared with the embedder's host) owns the LLM worker. */
export function offscreenLlmConnection(): LlmConnection {
  return {
    generate: async (modelId, prompt, maxNewTokens, stop, prefs, signal) =>
      (await cancellable({ lrLlm: 1, op: 'generate', ticket: tickets++, prefs, modelId, prompt, maxNewTokens, stop }, signal)) as GenerateResult,
    score: async (modelId, system, users, prefs, signal) => (await cancellable({ lrLlm: 1, op: 'score', ticket: tickets++, prefs, modelId, system, users }, signal)) as ScoreResult,
    load: async (modelId, prefs) => void (await ask({ lrLlm: 1, op: 'load', prefs, modelId })),
    status: async () => ((await offscreenExists()) ? ((await ask({ lrLlm: 1, op: 'status' })) as LlmHostStatus) : { running: false, loaded: [] }),
    terminate: async () => {
      if (await offscreenExists()) await ask({ lrLlm: 1, op: 'terminate' }).catch(() => undefined);
    },
  };
}

/** The LLM connection for this browser. */
export function llmConnection(): LlmConnection {
  return 'offscreen' in browser && browser.offscreen ? offscreenLlmConnection() : directLlmConnection();
}
