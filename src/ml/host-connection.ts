import { browser } from 'wxt/browser';
import { createModelWorker } from './create-worker';
import { extUrl, modelBaseUrl, ortPaths } from './host-paths';
import type { BackendPreference } from './backend';
import { ModelHost } from './model-host';
import type { HostStatus } from './model-host';
import type { EmbedKind } from './types';

/** How the background reaches the model host; the same calls on both browsers. */
export interface HostConnection {
  embed(modelId: string, texts: string[], kind: EmbedKind, prefer: BackendPreference): Promise<Float32Array[]>;
  status(prefer: BackendPreference): Promise<HostStatus>;
  terminate(): Promise<void>;
}

/** Messages from the background to the offscreen model host (Chrome). */
export type HostMessage =
  | { lrHost: 1; op: 'embed'; modelId: string; texts: string[]; kind: EmbedKind; prefer: BackendPreference }
  | { lrHost: 1; op: 'status'; prefer: BackendPreference }
  | { lrHost: 1; op: 'terminate' };
export type HostReply = { ok: true; value: unknown } | { ok: false; error: string; code?: string };

export const OFFSCREEN_PATH = '/offscreen.html';

/** Firefox (no offscreen API): the background page owns the worker itself. */
export function directConnection(): HostConnection {
  const host = new ModelHost({ createWorker: createModelWorker, localModelPath: modelBaseUrl(), wasmPaths: ortPaths() });
  return {
    embed: (m, t, k, prefer) => (host.setPreference(prefer), host.embed(m, t, k)),
    status: (prefer) => (host.setPreference(prefer), host.status()),
    terminate: async () => host.terminate(),
  };
}

let creating: Promise<void> | undefined;

/**
 * Create the offscreen document once; concurrent callers share the creation. Exported for the
 * LLM host (src/ml/llm/llm-connection.ts), which lives in the same document: Chrome allows one.
 */
export async function ensureOffscreen(): Promise<void> {
  const url = extUrl(OFFSCREEN_PATH);
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as never], documentUrls: [url] });
  if (contexts.length) return;
  creating ??= browser.offscreen
    .createDocument({ url: OFFSCREEN_PATH, reasons: ['WORKERS' as never], justification: 'Runs the on-device ranking model in a worker.' })
    .finally(() => (creating = undefined));
  await creating;
}

async function ask(message: HostMessage): Promise<unknown> {
  await ensureOffscreen();
  const reply = (await browser.runtime.sendMessage(message)) as HostReply | undefined;
  if (!reply) throw new Error('The model host did not answer.');
  if (!reply.ok) throw Object.assign(new Error(reply.error), { code: reply.code });
  return reply.value;
}

/** Chrome: the offscreen document (reason WORKERS) owns the worker; vectors travel as arrays. */
export function offscreenConnection(): HostConnection {
  return {
    embed: async (modelId, texts, kind, prefer) =>
      ((await ask({ lrHost: 1, op: 'embed', modelId, texts, kind, prefer })) as number[][]).map((v) => Float32Array.from(v)),
    status: async (prefer) => (await ask({ lrHost: 1, op: 'status', prefer })) as HostStatus,
    terminate: async () => {
      await ask({ lrHost: 1, op: 'terminate' }).catch(() => undefined);
    },
  };
}

/** The connection for this browser. */
export function hostConnection(): HostConnection {
  return 'offscreen' in browser && browser.offscreen ? offscreenConnection() : directConnection();
}
