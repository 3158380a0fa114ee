import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import { addedKey, cascadesOf, changedKey } from './dependencies';

/** A counter cell; caches hold the cells they depend on and sum them (no lookup per read). */
interface Cell {
  n: number;
}

/**
 * Counts this process's writes per table (see `dependenciesOf` for what the counters mean), and
 * the writes other instances report (GenerationSync, over Redis). A cached value is good only
 * while the sum of its counters is what it was read under: any write that could change it
 * invalidates it at once, without the service that wrote having to remember to.
 *
 * Writes inside a transaction count when it commits: counting at the write itself would let a
 * concurrent request read the old row and cache it under the new counter, where it would serve
 * until the TTL. One instance per application; nothing is shared between two in one process.
 */
@Injectable()
export class ChangeTracker implements OnModuleInit {
  private readonly cells = new Map<string, Cell>();
  private readonly pending = new WeakMap<QueryRunner, Set<string>>();
  private readonly listeners = new Set<(keys: readonly string[]) => void>();
  private cascades = new Map<string, string[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reads the foreign keys, and sees every repository, manager and query-builder write from now on. */
  onModuleInit(): void {
    this.cascades = cascadesOf(this.dataSource);
    this.dataSource.subscribers.push(new WriteSubscriber(this));
  }

  /** A function that returns the current version of `keys`: it changes exactly when one of them does. */
  version(keys: readonly string[]): () => number {
    const cells = keys.map((key) => this.cell(key));
    if (cells.length === 1) return () => cells[0].n;
    // The counters only grow, so their sum changes exactly when one of them does.
    return () => {
      let sum = 0;
      for (const cell of cells) sum += cell.n;
      return sum;
    };
  }

  /** Told about this process's committed changes (to publish them to the other instances). */
  onLocalChange(listener: (keys: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Another instance's committed changes. */
  applyRemote(keys: readonly string[]): void {
    for (const key of keys) if (typeof key === 'string') this.cell(key).n += 1;
  }

  /** @internal The subscriber's report of one write. */
  written(runner: QueryRunner | undefined, table: string | undefined, event: 'insert' | 'update' | 'remove'): void {
    if (table === undefined) return;
    const keys =
      event === 'insert'
        ? [addedKey(table)]
        : [table, ...(event === 'remove' ? (this.cascades.get(table) ?? []) : [])].map(changedKey);
    if (!runner?.isTransactionActive) return this.commit(keys);
    let waiting = this.pending.get(runner);
    if (!waiting) this.pending.set(runner, (waiting = new Set()));
    for (const key of keys) waiting.add(key);
  }

  /** @internal Also sent when a savepoint is released: only the outermost commit counts. */
  committed(runner: QueryRunner): void {
    if (runner.isTransactionActive) return;
    const waiting = this.pending.get(runner);
    if (!waiting) return;
    this.pending.delete(runner);
    this.commit([...waiting]);
  }

  /** @internal Nothing the outermost transaction wrote is there any more; a savepoint rollback keeps the rest. */
  rolledBack(runner: QueryRunner): void {
    if (!runner.isTransactionActive) this.pending.delete(runner);
  }

  private commit(keys: readonly string[]): void {
    for (const key of keys) this.cell(key).n += 1;
    for (const listener of this.listeners) listener(keys);
  }

  private cell(key: string): Cell {
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { n: 0 }));
    return cell;
  }
}

/** Registered on the data source by the tracker (not through TypeORM's global subscriber list). */
class WriteSubscriber implements EntitySubscriberInterface {
  constructor(private readonly tracker: ChangeTracker) {}

  afterInsert(event: InsertEvent<unknown>): void {
    this.tracker.written(event.queryRunner, event.metadata?.tableName, 'insert');
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.tracker.written(event.queryRunner, event.metadata?.tableName, 'update');
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    this.tracker.written(event.queryRunner, event.metadata?.tableName, 'remove');
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    this.tracker.committed(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.tracker.rolledBack(event.queryRunner);
  }
}
