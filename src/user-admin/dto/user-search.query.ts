import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { parseBoolean } from '../../common/config/env-parsers';
import { PageLimit, PageOffset } from '../../common/validation/paging';
import { UserResponse } from '../../users/dto/user.response';

export const USER_SORTS = ['username', '-username', 'registeredAt', '-registeredAt'] as const;
export type UserSort = (typeof USER_SORTS)[number];

/** The longest search text: a username is at most 85 characters, an email address 255. */
export const MAX_SEARCH_LENGTH = 100;

/** The deepest page: OFFSET reads and skips every row before it. */
export const MAX_OFFSET = 100_000;

const bool = ({ value }: { value: unknown }) => parseBoolean(value);

/** `GET /api/v1/users`: search, filters, sort and page (limit and offset, with the total: pages have numbers). */
export class UserSearchQuery {
  @ApiPropertyOptional({
    description:
      'Part of the username or of the email address, any case (`%`, `_` and `\\` match themselves). ' +
      'Email addresses are searched only for callers who may see them.',
    maxLength: MAX_SEARCH_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters' })
  q?: string;

  @ApiPropertyOptional({ example: 'sysop', description: 'Members of this group (an implicit one matches everyone).' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_*-]{1,64}$/, { message: 'must be a group name' })
  group?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  blocked?: boolean;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  locked?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: the email address is not confirmed (or there is none).' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  unconfirmed?: boolean;

  @ApiPropertyOptional({ enum: USER_SORTS, default: 'username', description: '`-` sorts descending.' })
  @IsOptional()
  @IsIn(USER_SORTS)
  sort?: UserSort;

  @PageLimit(50, 100)
  limit?: number;

  @PageOffset(MAX_OFFSET)
  offset?: number;
}

export class UserSearchPage {
  @ApiProperty({
    type: [UserResponse],
    description: 'email and realName are absent for callers who may not see them.',
  })
  items: UserResponse[];

  @ApiProperty({ example: 1234, description: 'How many users match, across all pages.' })
  total: number;

  @ApiProperty({ example: 50 })
  limit: number;

  @ApiProperty({ example: 0 })
  offset: number;
}
