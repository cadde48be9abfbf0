import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { syncRegistrations } from '../src/adapters/registration';
import { HistoryStore } from '../src/history/store';
import { createHandlers, onPermissionsAdded, senderPolicy, serialSites } from '../src/messaging/handlers';
import { createListener } from '../src/messaging/router';
import { hostConnection } from '../src/ml/host-connection';
import type { HostConnection } from '../src/ml/host-connection';
import { ModelService } from '../src/ml/model-service';
import { VectorCache } from '../src/ml/vector-cache';
import { activeEmbedder } from '../src/profile/model-embedder';
import { ProfileService } from '../src/profile/profile-service';
import { parseSteering } from '../src/ranking/steering';
import { getSettings } from '../src/settings/settings';

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
      async () => (await getSettings()).modelId,
      async () => (await getSettings()).backend,
    );
    const profiles = new ProfileService(store, () => activeEmbedder(models), async () => parseSteering((await getSettings()).steering));
    browser.runtime.onMessage.addListener(createListener(createHandlers(store, models, profiles), senderPolicy()));
    const resync = () => void serialSites(async () => syncRegistrations(await getSettings())).catch((e: unknown) => console.warn('[LocalRank] sync', e));
    browser.permissions.onRemoved.addListener(resync);
    browser.permissions.onAdded.addListener((p) => void onPermissionsAdded(p.origins ?? []).catch((e: unknown) => console.warn('[LocalRank] grant', e)));
    browser.runtime.onStartup.addListener(resync);
    browser.runtime.onInstalled.addListener(resync);
    void store.enforceRetention().catch(() => undefined);
  },
});
