import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { USERNAME_PATTERN } from '../username';
import { IsOptionalNotNull } from '../../common/validation/optional';

export class CreateUserDto {
  @ApiProperty({
    example: 'Alice',
    description: 'Unique, case-insensitively. Up to 85 characters, none of @ : / # < > [ ] | { }.',
  })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'is not a valid username' })
  username: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: 8, maxLength: 1024, writeOnly: true })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({ example: 'alice@example.org' })
  @IsOptionalNotNull()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({ example: 'Alice Liddell' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(255)
  realName?: string;

  @ApiPropertyOptional({ example: ['oauthadmin'], description: 'Explicit groups; `*` and `user` are implicit.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  groups?: string[];

  @ApiPropertyOptional({ example: true })
  @IsOptionalNotNull()
  @IsBoolean()
  emailVerified?: boolean;
}
