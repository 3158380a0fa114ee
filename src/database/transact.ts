import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * MariaDB's answers that mean "this transaction lost a race, nothing of it was kept": a deadlock
 * (1213, also how a Galera certification conflict reaches the client at commit), a lock wait
 * timeout (1205, the transaction rolled back with innodb_rollback_on_timeout; it is retried
 * whole), and 1020 "record has changed since last read" (snapshot isolation, MariaDB 11.x).
 */
const CONFLICTS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_CHECKREAD']);

export interface TransactOptions {
  /** Runs in all, the first included. */
  attempts?: number;
  /** Further error codes this transaction may retry on, e.g. a unique key another request filled first. */
  alsoOn?: readonly string[];
}

/**
 * Runs `work` in a transaction, again when it lost a race to another transaction or another
 * Galera node (docs/operations.md, "Galera"): the loser was rolled back whole, so `work` runs
 * on a fresh snapshot and decides anew (a single-use value already spent is then refused as the
 * protocol says, not a 500). `work` must have no effect outside the database. A bounded number
 * of attempts, with a short random pause, so two requests do not collide again in step.
 */
export async function transact<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isConflict(error, options.alsoOn)) throw error;
      await sleep(Math.floor(Math.random() * 10 * attempt) + 1);
    }
  }
}

/** Looks through TypeORM's QueryFailedError to the driver's code. */
export function isConflict(error: unknown, alsoOn: readonly string[] = []): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth += 1) {
    const { code, driverError } = e as { code?: unknown; driverError?: unknown };
    if (typeof code === 'string' && (CONFLICTS.has(code) || alsoOn.includes(code))) return true;
    e = driverError;
  }
  return false;
}
