import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { UsersService } from '../users/users.service';
import { Consumer } from './consumer.entity';
import { ConsumerStage, LIST_STAGES, STAGE_BY_NAME, STAGE_NAMES } from '../access/consumer-stage';
import { hasRight, Viewer } from './consumer-visibility';
import { ListConsumersQuery } from './dto/list-consumers.query';

/** What `search()` filters by; every field optional but the page's size and start. */
export interface ConsumerSearchQuery {
  q?: string;
  /** An exact name (MediaWiki's list filter). */
  name?: string;
  /** A stage's name, or 'any' (the default). */
  stage?: string;
  ownerId?: number;
  /** Leaves one owner out (a reviewer's own applications, which they may not review). */
  notOwnerId?: number;
  notKey?: string;
  order?: 'newest' | 'oldest';
  limit: number;
  offset: number;
}

export interface ConsumerSearchResult {
  items: Consumer[];
  total: number;
}

/** A LIKE pattern matching `text` anywhere, lower-cased, with `!`, `%` and `_` escaped by `!`. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, '!$&')}%`;
}

export interface ConsumerPageResult {
  items: Consumer[];
  nextCursor: string | null;
}

/** Lists and counts. Suppressed consumers are left out unless the viewer may see them. */
@Injectable()
export class ConsumerQueries {
  constructor(
    @InjectRepository(Consumer) private readonly consumers: Repository<Consumer>,
    private readonly users: UsersService,
  ) {}

  /** One owner's consumers (MediaWiki's REST list), newest first, with the total for paging. */
  ownedBy(
    where: { ownerId: number; oauthVersion: 1 | 2; deleted?: boolean },
    page: { limit: number; offset: number },
  ): Promise<[Consumer[], number]> {
    return this.consumers.findAndCount({ where, order: { id: 'DESC' }, take: page.limit, skip: page.offset });
  }

  /** The public list: newest stage change first, cursor-paginated (stable under inserts). */
  async list(query: ListConsumersQuery, viewer: Viewer): Promise<ConsumerPageResult> {
    const qb = this.base(viewer);
    const stage = query.stage ?? 'approved';
    // The API validates its query; the list page hands the stage over as typed in the address.
    if (stage !== 'any' && !Object.hasOwn(STAGE_BY_NAME, stage)) {
      throw AppError.badRequest('No such stage.', [
        { field: 'stage', message: `must be one of: ${LIST_STAGES.join(', ')}` },
      ]);
    }
    if (stage !== 'any') qb.andWhere('c.stage = :stage', { stage: STAGE_BY_NAME[stage] });
    if (query.name !== undefined) qb.andWhere('c.name = :name', { name: query.name });
    if (query.oauthVersion !== undefined) qb.andWhere('c.oauthVersion = :v', { v: query.oauthVersion });
    // Grants are a JSON array of plain names, so the quoted name is an exact element match.
    if (query.grant !== undefined) qb.andWhere('c.grants LIKE :grant', { grant: `%"${query.grant}"%` });
    if (query.owner !== undefined) {
      const owner = await this.users.findByUsername(query.owner);
      if (!owner) return { items: [], nextCursor: null };
      qb.andWhere('c.ownerId = :owner', { owner: owner.id });
    }
    return this.page(qb, query.limit ?? 20, query.cursor);
  }

  /** The caller's own consumers, every stage. */
  mine(viewer: NonNullable<Viewer>, limit = 20, cursor?: string): Promise<ConsumerPageResult> {
    return this.page(this.base(viewer).andWhere('c.ownerId = :owner', { owner: viewer.user.id }), limit, cursor);
  }

  /** Count per stage, for the admin hub (docs/mediawiki-compatibility.md#stages). */
  async stats(viewer: Viewer): Promise<Record<string, number>> {
    const rows = await this.base(viewer)
      .select('c.stage', 'stage')
      .addSelect('COUNT(*)', 'n')
      .groupBy('c.stage')
      .orderBy()
      .getRawMany<{ stage: number; n: number }>();
    const counts = Object.fromEntries(Object.values(STAGE_NAMES).map((name) => [name, 0]));
    for (const row of rows) counts[STAGE_NAMES[Number(row.stage) as ConsumerStage]] = Number(row.n);
    return counts;
  }

  /**
   * A searchable, numbered list for pages (the review queue; any list with page numbers): `q` is a
   * case-insensitive substring of the name, the key or the owner's username, its `%` and `_` taken literally.
   * Pending work reads oldest first (`order: 'oldest'`, a queue), everything else newest first.
   */
  async search(query: ConsumerSearchQuery, viewer: Viewer): Promise<ConsumerSearchResult> {
    const qb = this.base(viewer);
    const stage = query.stage ?? 'any';
    if (stage !== 'any' && !Object.hasOwn(STAGE_BY_NAME, stage)) throw AppError.badRequest('No such stage.');
    if (stage !== 'any') qb.andWhere('c.stage = :stage', { stage: STAGE_BY_NAME[stage] });
    if (query.ownerId !== undefined) qb.andWhere('c.ownerId = :ownerId', { ownerId: query.ownerId });
    if (query.name !== undefined) qb.andWhere('c.name = :name', { name: query.name });
    if (query.notOwnerId !== undefined) qb.andWhere('c.ownerId <> :notOwnerId', { notOwnerId: query.notOwnerId });
    if (query.notKey !== undefined) qb.andWhere('c.consumerKey <> :notKey', { notKey: query.notKey });
    if (query.q) {
      // '!' as the escape character: SQLite and MariaDB read it alike (a backslash differs).
      const pattern = containsPattern(query.q);
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("LOWER(c.name) LIKE :pattern ESCAPE '!'", { pattern })
            .orWhere("LOWER(c.consumerKey) LIKE :pattern ESCAPE '!'", { pattern })
            .orWhere("LOWER(owner.username) LIKE :pattern ESCAPE '!'", { pattern }),
        ),
      );
    }
    const direction = query.order === 'oldest' ? 'ASC' : 'DESC';
    // The owner join is many-to-one (one row per consumer), so LIMIT/OFFSET page the consumers themselves.
    const [items, total] = await qb
      .orderBy('c.stageTimestamp', direction)
      .addOrderBy('c.id', direction)
      .limit(query.limit)
      .offset(query.offset)
      .getManyAndCount();
    return { items, total };
  }

  private base(viewer: Viewer): SelectQueryBuilder<Consumer> {
    const qb = this.consumers.createQueryBuilder('c').leftJoinAndSelect('c.owner', 'owner');
    if (!hasRight(viewer, 'mwoauthviewsuppressed')) qb.andWhere('c.deleted = :deleted', { deleted: false });
    return qb;
  }

  private async page(qb: SelectQueryBuilder<Consumer>, limit: number, cursor?: string): Promise<ConsumerPageResult> {
    if (cursor) {
      const [time, id] = decodeCursor(cursor);
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('c.stageTimestamp < :time', { time })
            .orWhere('c.stageTimestamp = :time AND c.id < :id', { time, id }),
        ),
      );
    }
    const rows = await qb
      .orderBy('c.stageTimestamp', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }
}

function encodeCursor(c: Consumer): string {
  return Buffer.from(JSON.stringify([c.stageTimestamp.toISOString(), c.id])).toString('base64url');
}

function decodeCursor(cursor: string): [Date, number] {
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number];
    const date = new Date(time);
    if (Number.isNaN(date.getTime()) || !Number.isSafeInteger(id)) throw new Error('bad cursor');
    return [date, id];
  } catch {
    throw AppError.badRequest('The cursor is invalid.', [
      { field: 'cursor', message: 'is not a cursor from this API' },
    ]);
  }
}
