import { IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';

/** The login form. Lengths bound the work an attacker can make the server do. */
export class LoginFormDto {
  @IsString()
  @MaxLength(255)
  username: string;

  @IsString()
  @MaxLength(1024)
  password: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2048)
  returnTo?: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(256)
  _csrf?: string;
}
