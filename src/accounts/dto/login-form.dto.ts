import { IsString, MaxLength } from 'class-validator';
import { CsrfField, ReturnToField } from '../../common/validation/form-fields';

/** The login form. Lengths bound the work an attacker can make the server do. */
export class LoginFormDto {
  @IsString()
  @MaxLength(255)
  username: string;

  @IsString()
  @MaxLength(1024)
  password: string;

  @ReturnToField()
  returnTo?: string;

  @CsrfField()
  _csrf?: string;
}
