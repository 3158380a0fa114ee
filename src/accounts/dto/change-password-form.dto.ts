import { IsString, MaxLength } from 'class-validator';
import { CsrfField } from '../../common/validation/form-fields';
import { ChangePasswordDto } from './change-password.dto';

/** The change-password page: the API's fields, the new password twice, and the CSRF field. */
export class ChangePasswordFormDto extends ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  newPasswordConfirm: string;

  @CsrfField()
  _csrf?: string;
}
