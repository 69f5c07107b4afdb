// Which store a location names: a `postgres://` URL opens PostgreSQL (several processes), anything else is a
// SQLite file (the embedded default: nothing to install).
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createPostgresPool, isPostgresUrl, migratePostgres, openPostgresStore, redactUrl } from './postgres.ts';
import { migrateSqlite, openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export { isPostgresUrl, redactUrl };

export function openStore(location: string): Store {
  return isPostgresUrl(location) ? openPostgresStore(location) : openSqliteStore(location);
}

/** A location as given on the command line: a file path made absolute, a URL kept as it is. */
export const resolveLocation = (location: string): string => (isPostgresUrl(location) ? location : resolve(location));

/** Where the data is, for start-up lines: never a password. */
export const describeLocation = (location: string): string => (isPostgresUrl(location) ? redactUrl(location) : location);

/** Brings a database's schema up to date (`ponder db migrate`): the versions before and after. */
export async function migrateDatabase(location: string): Promise<{ from: number; to: number }> {
  if (isPostgresUrl(location)) {
    const pool = createPostgresPool(location);
    try {
      return await migratePostgres(pool);
    } finally {
      await pool.end();
    }
  }
  mkdirSync(dirname(location), { recursive: true });
  const db = new Database(location);
  db.pragma('busy_timeout = 5000');
  try {
    return migrateSqlite(db);
  } finally {
    db.close();
  }
}

/** True when the location names a database that exists (a SQLite file, or any PostgreSQL URL: it is asked). */
export const databaseExists = (location: string): boolean => isPostgresUrl(location) || existsSync(location);
