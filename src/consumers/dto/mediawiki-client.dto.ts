import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { parseBoolean } from '../../common/config/env-parsers';
import { IsOptionalNotNull } from '../../common/validation/optional';
import { PageLimit, PageOffset } from '../../common/validation/paging';

/** MediaWiki REST multi-value parameters: JSON arrays, or `a|b` strings in forms. */
const multi = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(/[|\s]+/).filter(Boolean) : value;
const bool = ({ value }: { value: unknown }) => parseBoolean(value);

/** `POST /w/rest.php/oauth2/client` (MediaWiki's RequestClient: docs/mediawiki-compatibility.md#rest). */
export class MediaWikiClientDto {
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  name: string;

  @ApiPropertyOptional({
    default: '1.0',
    description: 'The app version (any valid version; MediaWiki accepted only 1.0 and 2.0).',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(32)
  version?: string;

  @ApiProperty()
  @IsString()
  @MaxLength(16000)
  description: string;

  @ApiPropertyOptional({ default: '*' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  wiki?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(bool)
  @IsBoolean()
  owner_only?: boolean;

  @ApiPropertyOptional({ default: '' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  callback_url?: string;

  @ApiPropertyOptional({ description: 'Ignored: OAuth 2 redirect URIs match exactly.' })
  @IsOptionalNotNull()
  @Transform(bool)
  @IsBoolean()
  callback_is_prefix?: boolean;

  @ApiProperty()
  @IsString()
  @MaxLength(255)
  email: string;

  @ApiProperty()
  @Transform(bool)
  @IsBoolean()
  is_confidential: boolean;

  @ApiProperty({ type: [String], example: ['authorization_code', 'refresh_token'] })
  @Transform(multi)
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  grant_types: string[];

  @ApiProperty({ type: [String], example: ['basic', 'editpage'] })
  @Transform(multi)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  scopes: string[];
}

export class MediaWikiListClientsQuery {
  @PageLimit(25, 100)
  limit?: number;

  @PageOffset(1_000_000)
  offset?: number;

  @ApiPropertyOptional({ enum: [1, 2], default: 2 })
  @IsOptional()
  @Type(() => Number)
  @IsIn([1, 2])
  oauth_version?: number;
}

export class MediaWikiResetSecretDto {
  @ApiPropertyOptional({ default: '' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class MediaWikiClientCreated {
  @ApiProperty() name: string;
  @ApiProperty() client_key: string;
  @ApiProperty() secret: string;
  @ApiPropertyOptional({
    description: 'Owner-only clients: the access token (an OAuth 2 JWT; for OAuth 1.0a the token key).',
  })
  access_token?: string;
  @ApiPropertyOptional({ description: 'Owner-only OAuth 1.0a consumers: access token secret.' }) access_secret?: string;
}
