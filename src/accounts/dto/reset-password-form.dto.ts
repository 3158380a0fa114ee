import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';
import { SameAs } from '../../common/validation/same-as';

/** The new-password form of a reset link; the password rules are registration's (register-form.dto.ts). */
export class ResetPasswordFormDto {
  /** The link's token, carried by the form (or, without it, the page's `?token=`). */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  token?: string;

  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password: string;

  @SameAs('password', { message: 'The two passwords are not the same.' })
  @IsString()
  @MaxLength(1024)
  passwordConfirm: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(256)
  _csrf?: string;
}
