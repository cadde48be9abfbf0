import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { HistoryEvent } from './types';

export const DB_NAME = 'localrank';

/**
 * Schema steps; each is a migration below and an old step is never edited.
 *   v1  `events` (history) with indexes by-time, by-site, by-key, by-site-time; `meta`
 *   v2  `vectors`: the embedding cache, keyed by [model id@revision, text hash], LRU by `used`
 */
export const DB_VERSION = 2;

/** One cached embedding. */
export interface CachedVector {
  model: string;
  hash: string;
  vector: Float32Array;
  /** Last use, for LRU eviction. */
  used: number;
}

export interface LocalRankDB extends DBSchema {
  events: {
    key: number;
    value: HistoryEvent;
    indexes: { 'by-time': number; 'by-site': string; 'by-key': string; 'by-site-time': [string, number] };
  };
  meta: { key: string; value: unknown };
  vectors: {
    key: [string, string];
    value: CachedVector;
    indexes: { 'by-used': number; 'by-model': string };
  };
}

type UpgradeTx = IDBPTransaction<LocalRankDB, StoreNames<LocalRankDB>[], 'versionchange'>;

/**
 * Runs, in order inside the upgrade transaction, every step after `oldVersion` up to `newVersion`
 * (tests open older versions with the same steps to check that data survives each migration).
 */
export function migrate(db: IDBPDatabase<LocalRankDB>, oldVersion: number, newVersion: number, _tx: UpgradeTx): void {
  const step = (n: number) => oldVersion < n && n <= newVersion;
  if (step(1)) {
    const events = db.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
    events.createIndex('by-time', 'time');
    events.createIndex('by-site', 'site');
    events.createIndex('by-key', 'key');
    events.createIndex('by-site-time', ['site', 'time']);
    db.createObjectStore('meta');
  }
  if (step(2)) {
    const vectors = db.createObjectStore('vectors', { keyPath: ['model', 'hash'] });
    vectors.createIndex('by-used', 'used');
    vectors.createIndex('by-model', 'model');
  }
}
