import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';
import { RestrictionsField } from './restrictions-field';

/** A proposal, from MediaWiki's proposal form or POST /oauth2/client (docs/mediawiki-compatibility.md#proposals). */
export class ProposeConsumerDto {
  @ApiProperty({ enum: [1, 2], example: 2 })
  @IsIn([1, 2], { message: 'must be 1 or 2' })
  oauthVersion: 1 | 2;

  @ApiProperty({ example: 'Citation Bot', maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  name: string;

  @ApiPropertyOptional({
    example: '1.0',
    default: '1.0',
    description: 'Must be greater than your latest version of the same name.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(32)
  version?: string;

  @ApiProperty({ example: 'Adds citations to articles.' })
  @IsString()
  @MinLength(1)
  @MaxLength(16000)
  description: string;

  @ApiPropertyOptional({
    default: false,
    description: 'For your own account only: approved at once, credentials issued at once.',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  ownerOnly?: boolean;

  @ApiPropertyOptional({
    example: 'https://citations.example.org/callback',
    description: 'Required unless owner-only.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  callbackUrl?: string;

  @ApiPropertyOptional({ default: false, description: 'OAuth 1.0a only: oauth_callback may extend this URL.' })
  @IsOptionalNotNull()
  @IsBoolean()
  callbackIsPrefix?: boolean;

  @ApiPropertyOptional({ example: 'dev@example.org', description: 'Defaults to, and must equal, your account email.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(255)
  email?: string;

  @ApiPropertyOptional({ example: '*', default: '*', description: 'The target API ("wiki"), `*` for all.' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^(\*|[A-Za-z0-9_.-]{1,64})$/, { message: 'must be * or a wiki id' })
  wiki?: string;

  @ApiProperty({
    example: ['editpage'],
    description:
      'Grant names (GET /api/v1/grants). Hidden grants (basic) are added; an identity-only grant must stand alone.',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  grants: string[];

  @ApiPropertyOptional({
    example: ['0.0.0.0/0', '::/0'],
    description: 'IP addresses or CIDR ranges allowed to use the consumer. Default: anywhere.',
  })
  @RestrictionsField()
  restrictions?: string[];

  @ApiPropertyOptional({ description: 'OAuth 1.0a only: an RSA public key (PEM) for RSA-SHA1 signatures.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(10000)
  rsaKey?: string;

  @ApiProperty({ example: true, description: 'You accept the developer agreement.' })
  @IsBoolean()
  agreement: boolean;

  @ApiPropertyOptional({
    default: true,
    description: 'OAuth 2: a confidential client keeps a secret; a public one (native, browser) uses PKCE.',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  oauth2IsConfidential?: boolean;

  @ApiPropertyOptional({
    example: ['authorization_code', 'refresh_token'],
    description: 'OAuth 2 grant types. Default authorization_code + refresh_token; owner-only: client_credentials.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  oauth2GrantTypes?: string[];

  @ApiPropertyOptional({
    default: false,
    description: 'Accept the proposal despite validation warnings (e.g. a bare-domain callback).',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  ignoreWarnings?: boolean;
}
