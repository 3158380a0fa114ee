import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { CsrfField } from '../../common/validation/form-fields';
import { IsOptionalNotNull } from '../../common/validation/optional';

/** C0 and C1 controls, DEL, and the bidirectional overrides that would reorder the text around the name. */
const NO_CONTROLS = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;

/** `PATCH /api/v1/users/me`: what people change about themselves. Omitted fields stay as they are. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ maxLength: 255, example: 'Alice Example', description: 'Empty to remove it.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(255)
  @Matches(NO_CONTROLS, { message: 'must not contain control characters' })
  realName?: string;

  @ApiPropertyOptional({
    example: 'en',
    maxLength: 16,
    description: "A language of the message catalog, or empty for the browser's (Accept-Language).",
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(16)
  language?: string;
}

/** The same on the account page, with its CSRF field. */
export class UpdateProfileFormDto extends UpdateProfileDto {
  @CsrfField()
  _csrf?: string;
}
