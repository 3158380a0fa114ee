import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IdCursor, PageLimit } from '../../common/validation/paging';

/** `GET /api/v1/audit` filters and paging. */
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

  @ApiPropertyOptional({
    description: 'Consumer key: events about that consumer (secret resets, code and refresh-token reuse).',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{32}$/, { message: 'must be a consumer key' })
  consumer?: string;

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

  @PageLimit(50, 500)
  limit?: number;

  @IdCursor()
  cursor?: number;
}
