import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { syncRegistrations } from '../src/adapters/registration';
import { HistoryStore } from '../src/history/store';
import { createHandlers, onPermissionsAdded, senderPolicy, serialSites } from '../src/messaging/handlers';
import { createListener, createPortListener } from '../src/messaging/router';
import { hostConnection } from '../src/ml/host-connection';
import type { HostConnection } from '../src/ml/host-connection';
import { ModelService } from '../src/ml/model-service';
import { VectorCache } from '../src/ml/vector-cache';
import { onModelsChanged } from '../src/ml/models-changed';
import { activeEmbedder } from '../src/profile/model-embedder';
import { ProfileService } from '../src/profile/profile-service';
import { currentSettings, getSettings, settingsItem } from '../src/settings/settings';
import { createLlmService } from '../src/llm/background-llm';

// Module background: a classic one would make Vite inline ORT's wasm (TOOLCHAIN-FACTS.md).
export default defineBackground({
  type: 'module',
  main() {
    const store = new HistoryStore({
      retention: async () => (await getSettings()).retention,
      dedupeWindowMs: async () => (await getSettings()).dedupeWindowMinutes * 60_000,
    });
    let host: HostConnection | undefined;
    const models = new ModelService(
      () => (host ??= hostConnection()),
      new VectorCache(() => store.open()),
      async () => (await currentSettings()).modelId,
      async () => (await currentSettings()).backend,
    );
    onModelsChanged(() => models.modelsChanged());
    // The LLM is created idle: nothing loads or downloads until the user enables it in the options.
    const llm = createLlmService(store, () => profiles.current().then(() => undefined, () => undefined));
    // Anchors = steering (LLM-structured or parsed) + the profile in words; ProfileService asks for
    // them on every rank. The LLM learns that history changed from the history handlers instead.
    const profiles = new ProfileService(store, () => activeEmbedder(models), () => llm.anchors());
    const handlers = createHandlers(store, models, profiles, llm);
    const policy = senderPolicy();
    browser.runtime.onMessage.addListener(createListener(handlers, policy));
    // The content script's messages come over one port per page (same checks and handlers).
    browser.runtime.onConnect.addListener(createPortListener(handlers, policy));
    // Switching the LLM off (or to another model or backend) stops its worker: memory goes back.
    settingsItem.watch((next, prev) => {
      const a = prev?.llm;
      const b = next?.llm;
      if (a && b && a.enabled && (!b.enabled || a.modelId !== b.modelId || a.backend !== b.backend || a.acceptWasm !== b.acceptWasm)) void llm.terminate().catch(() => undefined);
    });
    const resync = () => void serialSites(async () => syncRegistrations(await getSettings())).catch((e: unknown) => console.warn('[LocalRank] sync', e));
    browser.permissions.onRemoved.addListener(resync);
    browser.permissions.onAdded.addListener((p) => void onPermissionsAdded(p.origins ?? []).catch((e: unknown) => console.warn('[LocalRank] grant', e)));
    browser.runtime.onStartup.addListener(resync);
    browser.runtime.onInstalled.addListener(resync);
    void store.enforceRetention().catch(() => undefined);
    // Load the profile and compile the ranking code now, not when a page's list is waiting.
    void profiles.warmUp();
  },
});
