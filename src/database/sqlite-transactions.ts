import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/** Who holds the connection: a transaction started through the data source, or TypeORM's own (a save). */
type Holder = object;

/** TypeORM's own transactions (`save()` outside one) have no context of ours; they share this holder. */
const IMPLICIT: Holder = Object.freeze({ implicit: true });

const context = new AsyncLocalStorage<Holder>();

/** Statements that change nothing. */
const READ = /^\s*(SELECT|PRAGMA)\b/i;

/** A first-come, first-served lock held by one holder at a time. */
class Turn {
  holder: Holder | null = null;
  private readonly waiting: Array<() => void> = [];

  async take(holder: Holder): Promise<void> {
    while (this.holder !== null) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.holder = holder;
  }

  give(): void {
    this.holder = null;
    this.waiting.shift()?.();
  }
}

/**
 * SQLite through TypeORM has one connection and one query runner for the whole process, so two
 * requests' transactions do not run side by side: the second one's BEGIN becomes a SAVEPOINT
 * inside the first. Its "commit" then only releases the savepoint, the caller answers as if its
 * writes were kept, and when the first transaction rolls back they are gone with it (a token
 * answered to a client and never stored). Here the connection is taken in turns instead
 * (docs/development.md#transactions):
 *
 * - a transaction holds it from BEGIN to COMMIT or ROLLBACK; a transaction started inside one
 *   (in its async context) is a savepoint of it, as before;
 * - a write outside any transaction waits until no transaction of another context is open, so
 *   it is never swept into someone else's commit or rollback. Reads do not wait (they may see a
 *   transaction's rows before its commit, on this one connection): a transaction that awaits a
 *   read another request started (a cache filling) must not wait for itself.
 *
 * TypeORM's own transactions (a `save()` outside ours) share one holder, as all statements without
 * a context of ours do: they are short, and a write of another such statement may join one.
 * MariaDB needs none of this (a pool; a connection per transaction). Applied after migrations.
 */
export function takeSqliteInTurns(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const turn = new Turn();
  const runner = dataSource.createQueryRunner(); // the one shared runner
  const manager = dataSource.manager;
  const mine = (): Holder => context.getStore() ?? IMPLICIT;

  type Transaction = (...args: unknown[]) => Promise<unknown>;
  const transaction = manager.transaction.bind(manager) as Transaction;
  // Every transaction runs in a context of its own, which is how its statements are told apart.
  manager.transaction = (...args: unknown[]) => {
    const current = context.getStore();
    if (current !== undefined && turn.holder === current) return transaction(...args);
    return context.run({}, () => transaction(...args));
  };

  const start = runner.startTransaction.bind(runner);
  runner.startTransaction = async (isolation) => {
    const holder = mine();
    if (!(runner.isTransactionActive && turn.holder === holder)) await turn.take(holder);
    try {
      await start(isolation);
    } catch (error) {
      if (!runner.isTransactionActive) turn.give();
      throw error;
    }
  };
  for (const method of ['commitTransaction', 'rollbackTransaction'] as const) {
    const end = runner[method].bind(runner);
    runner[method] = async () => {
      try {
        await end();
      } finally {
        if (!runner.isTransactionActive && turn.holder !== null) turn.give();
      }
    };
  }

  const query: (...args: Parameters<QueryRunner['query']>) => Promise<unknown> = runner.query.bind(runner);
  runner.query = (async (...args: Parameters<QueryRunner['query']>): Promise<unknown> => {
    const holder = mine();
    if (turn.holder === holder || READ.test(args[0])) return query(...args);
    await turn.take(holder);
    try {
      return await query(...args);
    } finally {
      turn.give();
    }
  }) as QueryRunner['query'];
}
