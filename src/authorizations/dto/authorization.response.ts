import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { ConsumerResponse, UserRef } from '../../consumers/dto/consumer.response';

/** The consumer as an authorization lists it: the public fields of ConsumerResponse. */
export class AuthorizedConsumerRef extends PickType(ConsumerResponse, [
  'consumerKey',
  'name',
  'version',
  'owner',
  'oauthVersion',
  'description',
] as const) {}

/**
 * An authorization (MediaWiki's "acceptance": docs/mediawiki-compatibility.md#authorizations). Its
 * access secret is never shown after issue.
 */
export class AuthorizationResponse {
  @ApiProperty({ example: 31 })
  id: number;

  @ApiProperty({ type: AuthorizedConsumerRef })
  consumer: AuthorizedConsumerRef;

  @ApiProperty({ example: '*', description: 'The target API ("wiki") it was granted for.' })
  wiki: string;

  @ApiProperty({ example: ['basic', 'editpage'] })
  grants: string[];

  @ApiProperty({ example: ['basic'], description: 'Grants that cannot be removed (hidden and identity-only grants).' })
  irrevocableGrants: string[];

  @ApiProperty({ example: '2026-11-23T08:00:00.000Z' })
  acceptedAt: string;

  @ApiProperty({ enum: [1, 2] })
  oauthVersion: 1 | 2;

  @ApiPropertyOptional({ type: UserRef, description: 'Who authorized it (in consumer-wide lists).' })
  user?: UserRef;

  @ApiPropertyOptional({ example: '9c1f…', description: 'OAuth 1.0a access token key: mwoauthviewprivate only.' })
  accessToken?: string;
}

export class NarrowAuthorizationDto {
  @ApiProperty({
    example: ['basic'],
    description: 'The grants to keep: a subset of the current ones. Irrevocable grants stay regardless.',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  grants: string[];
}
