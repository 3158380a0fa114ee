import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

/**
 * One configuration-based consumer (docs/mediawiki-compatibility.md#configuration-based-consumers)
 * in STATIC_CONSUMERS_FILE. Unknown keys are errors. `secret` is the client-facing secret itself:
 * it lives only in the file, never in the database.
 */
export class StaticConsumerDto {
  @IsString()
  @Matches(/^[0-9a-f]{32}$/, { message: 'must be 32 lowercase hex characters' })
  consumerKey: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name: string;

  @IsString()
  @MaxLength(32)
  version: string;

  @IsString()
  @MinLength(1)
  @MaxLength(16000)
  description: string;

  @IsIn([1, 2])
  oauthVersion: 1 | 2;

  /** Username of the owner; it must exist when the server starts. */
  @IsString()
  @MaxLength(85)
  owner: string;

  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  grants: string[];

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @MaxLength(256)
  secret?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  callbackUrl?: string;

  @IsOptional()
  @IsBoolean()
  callbackIsPrefix?: boolean;

  @IsOptional()
  @IsBoolean()
  ownerOnly?: boolean;

  @IsOptional()
  @IsString()
  @Matches(/^(\*|[A-Za-z0-9_.-]{1,64})$/)
  wiki?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  email?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  restrictions?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(10000)
  rsaKey?: string;

  @IsOptional()
  @IsBoolean()
  oauth2IsConfidential?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  oauth2GrantTypes?: string[];

  /** OAuth 2 with an https callback only: skip the consent page (docs/mediawiki-compatibility.md#consent). */
  @IsOptional()
  @IsBoolean()
  skipAuthorization?: boolean;
}
