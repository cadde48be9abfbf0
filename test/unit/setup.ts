// Real IndexedDB semantics in unit tests (fake-indexeddb implements the spec in memory).
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

beforeEach(() => {
  fakeBrowser.reset();
});
