import { browser } from 'wxt/browser';
import { toMlError } from './errors';
import { createModelWorker } from './create-worker';
import type { HostMessage, HostReply } from './host-connection';
import { modelBaseUrl, ortPaths } from './host-paths';
import { ModelHost } from './model-host';

/**
 * The offscreen document's side: answers the background's model requests, and only the
 * background's (sender is our own service worker).
 */
export function serveOffscreenHost(): void {
  const host = new ModelHost({ createWorker: createModelWorker, localModelPath: modelBaseUrl(), wasmPaths: ortPaths() });
  const background = browser.runtime.getURL('/background.js');
  browser.runtime.onMessage.addListener((msg: unknown, sender): Promise<HostReply> | undefined => {
    const m = msg as HostMessage | null;
    if (!m || m.lrHost !== 1) return undefined;
    if (sender.id !== browser.runtime.id || sender.url !== background) return Promise.resolve({ ok: false, error: 'not from the background' });
    const run = async (): Promise<unknown> => {
      if (m.op !== 'terminate') host.setPreference(m.prefer);
      if (m.op === 'embed') return (await host.embed(m.modelId, m.texts, m.kind)).map((v) => Array.from(v));
      if (m.op === 'status') return host.status();
      host.terminate();
      return true;
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
