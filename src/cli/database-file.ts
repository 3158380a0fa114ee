import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../common/config/app-config';
import type { DatabaseSettings } from '../common/config/database-url';

/**
 * SQLite creates a missing file when it opens it, so a mistyped DATABASE_URL (or a relative path
 * read from another working directory) would give a command a new, empty database instead of the
 * server's. Only `migrate` may create one; every other command refuses, naming the file.
 */
export function refuseNewSqliteDatabase(database: DatabaseSettings): void {
  if (database.type !== 'better-sqlite3' || database.database === ':memory:') return;
  const file = resolve(database.database);
  if (existsSync(file)) return;
  throw new ConfigError(
    `DATABASE_URL names the SQLite database ${file}, which does not exist. Check DATABASE_URL ` +
      '(a relative path is read from the working directory), or create the database with the migrate command.',
  );
}
