import { IsString, MaxLength } from 'class-validator';
import { CsrfField, NewPasswordField, PasswordAgainField } from '../../common/validation/form-fields';
import { IsOptionalNotNull } from '../../common/validation/optional';

/** The new-password form of a reset link; the password rules are registration's (common/validation/form-fields.ts). */
export class ResetPasswordFormDto {
  /** The link's token, carried by the form (or, without it, the page's `?token=`). */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  token?: string;

  @NewPasswordField()
  password: string;

  @PasswordAgainField('password')
  passwordConfirm: string;

  @CsrfField()
  _csrf?: string;
}
