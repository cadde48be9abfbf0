import { browser } from 'wxt/browser';
import { toMlError } from '../errors';
import type { HostReply } from '../host-connection';
import { modelBaseUrl, ortPaths } from '../host-paths';
import { createLlmWorker } from './create-llm-worker';
import type { LlmHostMessage } from './llm-connection';
import { LlmHost } from './llm-host';

/**
 * The offscreen document's LLM side: answers the background's LLM requests, and only the
 * background's. Lives beside serveOffscreenHost (the embedder) in the same document, with its
 * own worker.
 */
export function serveLlmHost(host = new LlmHost({ createWorker: createLlmWorker, localModelPath: modelBaseUrl(), wasmPaths: ortPaths() })): void {
  const background = browser.runtime.getURL('/background.js');
  const running = new Map<number, AbortController>();
  browser.runtime.onMessage.addListener((msg: unknown, sender): Promise<HostReply> | undefined => {
    const m = msg as LlmHostMessage | null;
    if (!m || m.lrLlm !== 1) return undefined;
    if (sender.id !== browser.runtime.id || sender.url !== background) return Promise.resolve({ ok: false, error: 'not from the background' });
    const run = async (): Promise<unknown> => {
      switch (m.op) {
        case 'cancel':
          running.get(m.ticket)?.abort();
          return running.has(m.ticket);
        case 'status':
          return host.status();
        case 'terminate':
          host.terminate();
          return true;
        case 'load':
          host.setPrefs(m.prefs);
          return host.load(m.modelId);
      }
      const controller = new AbortController();
      running.set(m.ticket, controller);
      host.setPrefs(m.prefs);
      try {
        return m.op === 'generate'
          ? await host.generate(m.modelId, m.prompt, m.maxNewTokens, m.stop, controller.signal)
          : await host.score(m.modelId, m.system, m.users, controller.signal);
      } finally {
        running.delete(m.ticket);
      }
    };
    return run().then(
      (value) => ({ ok: true, value }),
      (e: unknown) => {
        const err = toMlError(e);
        return { ok: false, error: err.message, code: err.code };
      },
    );
  });
}
