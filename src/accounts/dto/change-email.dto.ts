import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { CsrfField } from '../../common/validation/form-fields';

/** `POST /api/v1/users/me/email`: the new address, confirmed by a link sent to it. */
export class ChangeEmailDto {
  @ApiProperty({
    example: 'alice@example.org',
    maxLength: 255,
    description: 'Changed only once the link sent to it is opened.',
  })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(255)
  email: string;

  @ApiProperty({ writeOnly: true, description: 'A stolen session alone cannot move the account to another address.' })
  @IsString()
  @MaxLength(1024)
  currentPassword: string;
}

/** The same on the account page, with its CSRF field. */
export class ChangeEmailFormDto extends ChangeEmailDto {
  @CsrfField()
  _csrf?: string;
}
