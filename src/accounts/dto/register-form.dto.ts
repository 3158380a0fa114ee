import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { USERNAME_PATTERN } from '../../users/username';
import { IsOptionalNotNull } from '../../common/validation/optional';
import { SameAs } from '../../common/validation/same-as';

export class RegisterFormDto {
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'may have up to 85 characters, none of @ : / # < > [ ] | { }, and no leading, trailing or double spaces',
  })
  username: string;

  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(255)
  email: string;

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
  @MaxLength(2048)
  returnTo?: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(256)
  _csrf?: string;
}
