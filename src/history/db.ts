import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, migrate } from './schema';
import type { LocalRankDB } from './schema';

export type DB = IDBPDatabase<LocalRankDB>;

/**
 * Open the extension-origin database, running migrations. Another open LocalRank page holding an
 * old version is asked to close (`blocking`); if it does not within `timeoutMs`, the open fails
 * with a clear reason instead of hanging, and the caller may try again later.
 */
export function openLocalRankDB(name = DB_NAME, timeoutMs = 5000, version = DB_VERSION): Promise<DB> {
  return new Promise<DB>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new Error('History database upgrade is blocked by another open LocalRank page; close it and retry.'));
    }, timeoutMs);
    openDB<LocalRankDB>(name, version, {
      upgrade: (db, oldVersion, newVersion, tx) => migrate(db, oldVersion, newVersion ?? DB_VERSION, tx),
      blocking: () => undefined,
      blocked: () => console.warn('[LocalRank] database upgrade waiting for another page to close'),
    }).then(
      (db) => {
        clearTimeout(timer);
        if (settled) return db.close();
        // A newer version elsewhere wants to upgrade: let it, we reopen on next use.
        db.addEventListener('versionchange', () => db.close());
        resolve(db);
      },
      (err: unknown) => {
        clearTimeout(timer);
        if (!settled) reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
