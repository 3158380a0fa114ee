import {
  EntitySubscriberInterface,
  EventSubscriber,
  InsertEvent,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';

export type CachedKind = 'consumers' | 'users' | 'authorizations' | 'tokens';

/**
 * A counter per kind of row the hot path caches, bumped by every write this process makes to
 * such rows (and to the rows that cascade into them). A cached value is good only while the
 * counter it was read under is unchanged: any write invalidates at once, without each service
 * having to remember to. Other instances' writes reach here within the caches' short TTL.
 */
export const generations: Record<CachedKind, number> = { consumers: 0, users: 0, authorizations: 0, tokens: 0 };

type WriteEvent = 'insert' | 'update' | 'remove';

/**
 * What a write to a table can change in the caches. The caches hold only rows that were found,
 * by keys a new row cannot have had before (ids, consumer keys, token hashes), so inserting a
 * consumer, user, authorization or token changes nothing cached: a busy site's stream of new
 * consents must not empty every instance's caches. An update changes the row itself and what
 * embeds it (a cached consumer carries its owner); a removal also cascades (foreign keys).
 */
const AFFECTS: Record<string, Record<WriteEvent, CachedKind[]>> = {
  consumers: { insert: [], update: ['consumers'], remove: ['consumers', 'authorizations', 'tokens'] },
  users: { insert: [], update: ['users', 'consumers'], remove: ['users', 'consumers', 'authorizations', 'tokens'] },
  // Group membership is part of a cached user.
  user_groups: { insert: ['users'], update: ['users'], remove: ['users'] },
  authorizations: { insert: [], update: ['authorizations'], remove: ['authorizations', 'tokens'] },
  oauth2_tokens: { insert: [], update: ['tokens'], remove: ['tokens'] },
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

function changed(runner: QueryRunner | undefined, table: string | undefined, event: WriteEvent): void {
  const kinds = table === undefined ? undefined : AFFECTS[table]?.[event];
  if (!kinds || kinds.length === 0) return;
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
    changed(event.queryRunner, event.metadata?.tableName, 'update');
  }

  afterRemove(event: RemoveEvent<unknown>): void {
    changed(event.queryRunner, event.metadata?.tableName, 'remove');
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
