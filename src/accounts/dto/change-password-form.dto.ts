import { IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';
import { ChangePasswordDto } from './change-password.dto';

/** The change-password page: the API's fields, the new password twice, and the CSRF field. */
export class ChangePasswordFormDto extends ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  newPasswordConfirm: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(256)
  _csrf?: string;
}
