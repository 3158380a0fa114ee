import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CsrfField } from '../../common/validation/form-fields';

/** The "forgot password" form: a username or an email address, in one field. */
export class ForgotPasswordFormDto {
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  // No control characters (C0, DEL, C1) or line separators: neither a username nor an address has them.
  @Matches(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, { message: 'may not contain control characters' })
  account: string;

  @CsrfField()
  _csrf?: string;
}
