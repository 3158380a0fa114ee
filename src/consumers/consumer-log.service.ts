import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { ConsumerLogEntry } from './consumer-log.entity';
import { Viewer, hasRight } from './consumer-visibility';

export type LogAction =
  | 'propose'
  | 'propose-autoapproved'
  | 'create-owner-only'
  | 'update'
  | 'approve'
  | 'reject'
  | 'disable'
  | 'reenable'
  | 'expire';

export interface LogQuery {
  consumerId?: number;
  action?: string;
  performerId?: number;
  beforeId?: number;
  limit: number;
}

/** Writes log entries inside the caller's transaction, and reads them back with visibility applied. */
@Injectable()
export class ConsumerLogService {
  constructor(@InjectRepository(ConsumerLogEntry) private readonly entries: Repository<ConsumerLogEntry>) {}

  async write(
    manager: EntityManager,
    entry: {
      consumerId: number;
      performerId: number | null;
      action: LogAction;
      reason: string;
      suppressed?: boolean;
      timestamp?: Date;
    },
  ): Promise<void> {
    await manager.insert(ConsumerLogEntry, {
      ...entry,
      reason: entry.reason.slice(0, 1000),
      suppressed: entry.suppressed ?? false,
      timestamp: entry.timestamp ?? new Date(),
    });
  }

  /**
   * Newest first. For viewers without `mwoauthviewsuppressed`, entries about a suppressed consumer
   * are left out (in MediaWiki, suppression did not hide the log), and so is every entry that
   * suppressed one, by the entry's own flag: its reason and performer stay hidden after the
   * consumer is approved or re-enabled again (MediaWiki wrote these to the suppression log). See
   * docs/mediawiki-compatibility.md#field-visibility.
   */
  async find(
    query: LogQuery,
    viewer: Viewer,
  ): Promise<Array<ConsumerLogEntry & { consumerKey: string; performerName: string | null }>> {
    const qb = this.entries
      .createQueryBuilder('log')
      .innerJoin('log.consumer', 'consumer')
      .leftJoin('users', 'performer', 'performer.id = log.performerId')
      .select([
        'log.id AS id',
        'log.consumerId AS consumerId',
        'log.performerId AS performerId',
        'log.action AS action',
        'log.reason AS reason',
        'log.suppressed AS suppressed',
        'log.timestamp AS timestamp',
        'consumer.consumerKey AS consumerKey',
        'performer.username AS performerName',
      ])
      .orderBy('log.id', 'DESC')
      .limit(query.limit);
    if (!hasRight(viewer, 'mwoauthviewsuppressed')) {
      qb.andWhere('consumer.deleted = :notDeleted', { notDeleted: false }).andWhere('log.suppressed = :notSuppressed', {
        notSuppressed: false,
      });
    }
    if (query.consumerId !== undefined) qb.andWhere('log.consumerId = :consumerId', { consumerId: query.consumerId });
    if (query.action !== undefined) qb.andWhere('log.action = :action', { action: query.action });
    if (query.performerId !== undefined)
      qb.andWhere('log.performerId = :performerId', { performerId: query.performerId });
    if (query.beforeId !== undefined)
      qb.andWhere(new Brackets((w) => w.where('log.id < :beforeId', { beforeId: query.beforeId })));
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((row) =>
      Object.assign(new ConsumerLogEntry(), {
        id: Number(row.id),
        consumerId: Number(row.consumerId),
        performerId: row.performerId === null ? null : Number(row.performerId),
        action: String(row.action),
        reason: String(row.reason),
        suppressed: Boolean(Number(row.suppressed)),
        timestamp: toDate(row.timestamp),
        consumerKey: String(row.consumerKey),
        performerName: typeof row.performerName === 'string' ? row.performerName : null,
      }),
    );
  }
}

/** Raw rows carry dates as Date (mysql2) or as UTC text (SQLite). */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}
