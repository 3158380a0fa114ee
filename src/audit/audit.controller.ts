import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Between, FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { Authenticated } from '../auth/auth.decorators';
import { AuditEvent } from './audit-event.entity';

export class AuditQuery {
  @ApiPropertyOptional({ example: 'login.failed' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9_.]{1,64}$/)
  action?: string;

  @ApiPropertyOptional({ description: 'Actor username.' })
  @IsOptional()
  @IsString()
  @MaxLength(85)
  actor?: string;

  @ApiPropertyOptional({ type: String, example: '2026-11-23T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: "From the previous page's nextCursor." })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  cursor?: number;
}

export class AuditEventResponse {
  @ApiProperty() id: number;
  @ApiProperty({ example: '2026-11-23T08:00:00.000Z' }) timestamp: string;
  @ApiProperty({ example: 'consumer.secret_reset' }) action: string;
  @ApiProperty({ type: Object, nullable: true, example: { id: 7, username: 'Alice' } }) actor: {
    id: number | null;
    username: string;
  } | null;
  @ApiProperty({ example: 'consumer 3f1c…' }) target: string;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' }) ip: string | null;
  @ApiProperty({ type: Object, nullable: true }) details: Record<string, unknown> | null;
  @ApiProperty({ example: 1, description: 'How many times it happened in that minute (floods are counted).' })
  count: number;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEventResponse] }) items: AuditEventResponse[];
  @ApiProperty({ type: Number, nullable: true }) nextCursor: number | null;
}

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  @Get()
  @Authenticated({ rights: ['mwoauthviewprivate'] })
  @ApiOperation({
    summary: 'Security events, newest first',
    description:
      'Failed and throttled logins, refused signatures and tokens (counted), code and refresh-token reuse, ' +
      'secret resets, key rotations, account changes.',
  })
  @ApiOkResponse({ type: AuditPage })
  async list(@Query() query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? 50;
    const where: FindOptionsWhere<AuditEvent> = {};
    if (query.action) where.action = query.action;
    if (query.actor) where.actorName = query.actor;
    if (query.since && query.until) where.timestamp = Between(query.since, query.until);
    else if (query.since) where.timestamp = MoreThanOrEqual(query.since);
    else if (query.until) where.timestamp = LessThan(query.until);
    if (query.cursor) where.id = LessThan(query.cursor);
    const rows = await this.events.find({ where, order: { id: 'DESC' }, take: limit + 1 });
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
