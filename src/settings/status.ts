import { storage } from 'wxt/utils/storage';

export interface StoredStatus {
  lastError?: { message: string; time: number } | undefined;
}

/** Things the popup must be told about: the last reason an event was dropped. */
export const statusItem = storage.defineItem<StoredStatus>('local:status', { fallback: {}, version: 1 });
