import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { USERNAME_PATTERN } from '../../users/username';
import { CsrfField, NewPasswordField, PasswordAgainField, ReturnToField } from '../../common/validation/form-fields';

export class RegisterFormDto {
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'may have up to 85 characters, none of @ : / # < > [ ] | { }, and no leading, trailing or double spaces',
  })
  username: string;

  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(255)
  email: string;

  @NewPasswordField()
  password: string;

  @PasswordAgainField('password')
  passwordConfirm: string;

  @ReturnToField()
  returnTo?: string;

  @CsrfField()
  _csrf?: string;
}
