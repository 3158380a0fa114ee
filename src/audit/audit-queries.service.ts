import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, FindOptionsWhere, LessThan, Like, MoreThanOrEqual, Repository } from 'typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditPage } from './dto/audit-page.response';
import { AuditQuery } from './dto/audit-query.dto';

/** Reading the audit log: filters, newest first, with an id cursor (stable while events are added). */
@Injectable()
export class AuditQueries {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async page(query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    const where: FindOptionsWhere<AuditEvent> = {};
    if (query.action) where.action = query.action;
    if (query.actor) where.actorName = query.actor;
    if (query.since && query.until) where.timestamp = Between(query.since, query.until);
    else if (query.since) where.timestamp = MoreThanOrEqual(query.since);
    else if (query.until) where.timestamp = LessThan(query.until);
    if (query.cursor) where.id = LessThan(query.cursor);
    // Events name a consumer in their target: `consumer KEY (name)` or `client KEY`; a key is hex, no wildcard.
    const about = query.consumer && [`consumer ${query.consumer}%`, `client ${query.consumer}%`];
    const rows = await this.events.find({
      where: about ? about.map((pattern) => ({ ...where, target: Like(pattern) })) : where,
      order: { id: 'DESC' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit).map((e) => ({
      id: e.id,
      timestamp: e.timestamp.toISOString(),
      action: e.action,
      target: e.target,
      ip: e.ip,
      details: e.details,
      count: e.count,
      actor: e.actorId === null && e.actorName === null ? null : { id: e.actorId, username: e.actorName ?? '' },
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  }
}
