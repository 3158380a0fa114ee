import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';

export const REVIEW_ACTIONS = ['approve', 'reject', 'disable', 'reenable'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** An admin decision (docs/mediawiki-compatibility.md#stages). */
export class ReviewConsumerDto {
  @ApiProperty({ enum: REVIEW_ACTIONS })
  @IsIn(REVIEW_ACTIONS)
  action: ReviewAction;

  @ApiProperty({ example: 'Looks good; grants match the description.', maxLength: 1000 })
  @IsString()
  @MinLength(1, { message: 'is required' })
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({
    default: false,
    description: 'With reject or disable: also suppress (hide) the consumer. Needs mwoauthsuppress.',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  suppress?: boolean;
}
