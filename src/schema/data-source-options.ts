import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { DatabaseSettings } from '../common/config/database-url';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations/index';

/** The part of a better-sqlite3 connection used here (its `Database#pragma` and `Database#function`). */
interface SqliteConnection {
  pragma(sql: string): unknown;
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
}

/**
 * SQL `lower()` as MariaDB has it: every letter, not only ASCII. NULL stays NULL; a number
 * becomes its text, as with SQLite's built-in; a blob passes unchanged.
 */
function unicodeLower(value: unknown): unknown {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return value;
}

/**
 * The one TypeORM data source definition, used by the app (DatabaseModule), the CLI and the
 * TypeORM CLI (`npm run migration:*`). Schema changes go through migrations only: never synchronize.
 */
export function buildDataSourceOptions(
  settings: DatabaseSettings,
  options: { migrationsRun?: boolean } = {},
): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: options.migrationsRun ?? false,
    logging: false,
  } as const;
  if (settings.type === 'better-sqlite3') {
    const database = settings.database === ':memory:' ? ':memory:' : resolve(settings.database);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // WAL lets readers proceed during a write; the busy timeout queues writers instead of failing.
      prepareDatabase: (db: SqliteConnection) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        // SQLite's own lower() folds ASCII letters only; MariaDB's folds every letter. The searches
        // (docs/consumers.md#finding-applications, docs/administration.md#searching-users) lower both sides,
        // so one Unicode lower() makes "ÄRGER" find "ärger" on either database.
        db.function('lower', { deterministic: true }, unicodeLower);
      },
    };
  }
  return {
    ...common,
    type: settings.type,
    url: settings.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    // Fail fast when the server is away, rather than queueing requests behind a dead pool.
    connectTimeout: 5000,
    // trace: false — mysql2 otherwise captures a stack trace for every query, a measurable part of
    // each token request; database errors are mapped to 503 and logged without it.
    extra: { connectionLimit: 10, enableKeepAlive: true, trace: false },
  };
}
