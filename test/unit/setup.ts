// Real IndexedDB semantics in unit tests (fake-indexeddb implements the spec in memory).
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

beforeEach(async () => {
  fakeBrowser.reset();
  // The background's settings copy would outlive the storage just replaced (no change event).
  // Imported here, not at the top: WXT's storage module must load after the fake browser exists.
  (await import('../../src/settings/settings')).forgetSettingsCopy();
});
