import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LIST_STAGES } from '../../access/consumer-stage';
import { IdCursor, PageLimit } from '../../common/validation/paging';

export class ListConsumersQuery {
  @ApiPropertyOptional({ description: 'Exact name.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ description: 'Owner username.' })
  @IsOptional()
  @IsString()
  @MaxLength(85)
  owner?: string;

  @ApiPropertyOptional({ enum: LIST_STAGES, default: 'approved' })
  @IsOptional()
  @IsIn(LIST_STAGES)
  stage?: string;

  @ApiPropertyOptional({ enum: [1, 2] })
  @IsOptional()
  @Type(() => Number)
  @IsIn([1, 2])
  oauthVersion?: number;

  @ApiPropertyOptional({ description: 'Only consumers that ask for this grant.' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'must be a grant name' })
  grant?: string;

  @PageLimit(20, 100)
  limit?: number;

  @ApiPropertyOptional({ description: "From the previous page's nextCursor." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  cursor?: string;
}

export class ListLogQuery {
  @ApiPropertyOptional({
    description:
      'A log action: propose, propose-autoapproved, create-owner-only, update, approve, reject, disable, ' +
      'reenable, expire.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z-]{1,32}$/)
  action?: string;

  @ApiPropertyOptional({ description: 'Performer username.' })
  @IsOptional()
  @IsString()
  @MaxLength(85)
  performer?: string;

  @ApiPropertyOptional({ description: 'Consumer key.' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-f]{32}$/)
  consumerKey?: string;

  @PageLimit(50, 200)
  limit?: number;

  @IdCursor()
  cursor?: number;
}
