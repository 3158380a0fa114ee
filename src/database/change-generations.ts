import {
  EntitySubscriberInterface, EventSubscriber, InsertEvent, QueryRunner, RemoveEvent, TransactionCommitEvent, TransactionRollbackEvent, UpdateEvent,
} from 'typeorm';

export type CachedKind = 'consumers' | 'users' | 'authorizations' | 'tokens';

/**
 * A counter per kind of row the hot path caches, bumped by every write this process makes to
 * such rows (and to the rows that cascade into them). A cached value is good only while the
 * counter it was read under is unchanged: any write invalidates at once, without each service
 * having to remember to. Other instances' writes reach here within the caches' short TTL.
 */
export const generations: Record<CachedKind, number> = { consumers: 0, users: 0, authorizations: 0, tokens: 0 };

/** What a write to a table can change, foreign-key cascades included. */
const AFFECTS: Record<string, CachedKind[]> = {
  consumers: ['consumers', 'authorizations', 'tokens'],
  users: ['users', 'consumers', 'authorizations', 'tokens'],
  user_groups: ['users'],
  authorizations: ['authorizations', 'tokens'],
  oauth2_tokens: ['tokens'],
};

/** Told about every local bump (GenerationSync publishes them to the other instances). */
let listener: ((kinds: CachedKind[]) => void) | undefined;

export function onLocalChange(fn: ((kinds: CachedKind[]) => void) | undefined): void {
  listener = fn;
}

/** Applies a bump, from a local write or from another instance's message. */
export function bumpKinds(kinds: readonly CachedKind[]): void {
  for (const kind of kinds) if (kind in generations) generations[kind] += 1;
}

function publish(kinds: CachedKind[]): void {
  bumpKinds(kinds);
  listener?.(kinds);
}

/**
 * Kinds changed inside a transaction that has not committed yet. Bumping at the write itself
 * would let a concurrent request read the old row and cache it under the new counter, where it
 * would serve until the TTL; so the bump (and the message to other instances) waits for the commit.
 */
const pending = new WeakMap<QueryRunner, Set<CachedKind>>();

function changed(runner: QueryRunner | undefined, table: string | undefined, event: 'insert' | 'change'): void {
  // A new token row cannot be in any cache (misses are not cached); only changes matter there.
  if (!table || (table === 'oauth2_tokens' && event === 'insert')) return;
  const kinds = AFFECTS[table];
  if (!kinds) return;
  if (!runner?.isTransactionActive) {
    publish(kinds);
    return;
  }
  let waiting = pending.get(runner);
  if (!waiting) pending.set(runner, (waiting = new Set()));
  for (const kind of kinds) waiting.add(kind);
}

/** Registered on the data source: sees repository, manager and query-builder writes alike. */
@EventSubscriber()
export class ChangeCounter implements EntitySubscriberInterface {
  afterInsert(event: InsertEvent<unknown>): void {
    changed(event.queryRunner, event.metadata?.tableName, 'insert');
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    changed(event.queryRunner, event.metadata?.tableName, 'change');
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    changed(event.queryRunner, event.metadata?.tableName, 'change');
  }

  /** Also sent when a nested transaction (a savepoint) is released: only the outermost commit counts. */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (event.queryRunner.isTransactionActive) return;
    const waiting = pending.get(event.queryRunner);
    if (!waiting) return;
    pending.delete(event.queryRunner);
    publish([...waiting]);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    // Nothing the outermost transaction wrote is there any more; a savepoint rollback keeps the rest.
    if (!event.queryRunner.isTransactionActive) pending.delete(event.queryRunner);
  }
}
