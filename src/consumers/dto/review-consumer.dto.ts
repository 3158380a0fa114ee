import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';

export const REVIEW_ACTIONS = ['approve', 'reject', 'disable', 'reenable'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/**
 * The one rule for reasons (docs/mediawiki-compatibility.md#stages): the owner is told why an
 * application was turned down or stopped, so rejecting, disabling and re-enabling need one;
 * approving does not (the application does what it said it would). The API, the page and the
 * CLI all reach it through `ConsumerReviewService.review()`.
 */
export function reasonRequired(action: ReviewAction): boolean {
  return action !== 'approve';
}

/** An admin decision (docs/mediawiki-compatibility.md#stages). */
export class ReviewConsumerDto {
  @ApiProperty({ enum: REVIEW_ACTIONS })
  @IsIn(REVIEW_ACTIONS)
  action: ReviewAction;

  @ApiPropertyOptional({
    example: 'Looks good; grants match the description.',
    maxLength: 1000,
    description: 'Required (not blank) to reject, disable or re-enable; optional to approve.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'With reject or disable: also suppress (hide) the consumer. Needs mwoauthsuppress.',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  suppress?: boolean;
}
