import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UserRef {
  @ApiProperty({ example: 7 })
  id: number;

  @ApiProperty({ example: 'Alice' })
  username: string;
}

/**
 * A consumer as the caller may see it. Fields the caller may not see are absent and named in
 * `hiddenFields` (email, restrictions and RSA key need userCanSeeSecurity:
 * docs/mediawiki-compatibility.md#field-visibility).
 */
export class ConsumerResponse {
  @ApiProperty({ example: 12 })
  id: number;

  @ApiProperty({
    example: '3f1c0e8a5b7d4c2e9a6f1b0d8c7e5a43',
    description: 'The public key: OAuth 1.0a consumer key, OAuth 2 client_id.',
  })
  consumerKey: string;

  @ApiProperty({ example: 'Citation Bot' })
  name: string;

  @ApiProperty({ example: '1.2' })
  version: string;

  @ApiProperty({ type: UserRef })
  owner: UserRef;

  @ApiProperty({ enum: [1, 2], example: 2 })
  oauthVersion: 1 | 2;

  @ApiProperty({ example: 'Adds citations to articles.' })
  description: string;

  @ApiProperty({ example: 'https://citations.example.org/callback' })
  callbackUrl: string;

  @ApiProperty({ description: 'OAuth 1.0a: oauth_callback may extend the registered URL.' })
  callbackIsPrefix: boolean;

  @ApiProperty()
  ownerOnly: boolean;

  @ApiProperty({ example: '*', description: 'The target API ("wiki"), `*` for all.' })
  wiki: string;

  @ApiProperty({ example: ['basic', 'editpage'] })
  grants: string[];

  @ApiProperty({
    example: 1,
    description: '0 proposed, 1 approved, 2 rejected, 3 expired, 4 disabled, 5 configuration-based.',
  })
  stage: number;

  @ApiProperty({ example: 'approved' })
  stageName: string;

  @ApiProperty({ example: '2026-11-23T08:00:00.000Z' })
  stageTimestamp: string;

  @ApiProperty({ example: '2026-11-20T08:00:00.000Z' })
  registeredAt: string;

  @ApiProperty({ description: 'Suppressed (hidden): visible only with mwoauthviewsuppressed.' })
  suppressed: boolean;

  @ApiProperty()
  developerAgreement: boolean;

  @ApiProperty({ description: 'OAuth 2: a confidential client has a secret.' })
  oauth2IsConfidential: boolean;

  @ApiProperty({ type: [String], nullable: true, example: ['authorization_code', 'refresh_token'] })
  oauth2GrantTypes: string[] | null;

  @ApiPropertyOptional({ example: 'dev@example.org', description: 'Owner and reviewers only.' })
  email?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-11-20T08:00:00.000Z' })
  emailAuthenticated?: string | null;

  @ApiPropertyOptional({ example: ['0.0.0.0/0', '::/0'], description: 'IP allow-list. Owner and reviewers only.' })
  restrictions?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'OAuth 1.0a RSA-SHA1 public key (PEM). Owner and reviewers only.',
  })
  rsaKey?: string | null;

  @ApiProperty({ example: ['email', 'restrictions', 'rsaKey'], description: 'Fields withheld from this caller.' })
  hiddenFields: string[];
}

/** The response that creates or resets a consumer: the only time its secret is shown. */
export class ConsumerWithSecretResponse extends ConsumerResponse {
  @ApiProperty({ example: '9b2f…', description: 'The consumer secret (client_secret). Shown once: store it now.' })
  secret: string;

  @ApiPropertyOptional({
    description:
      "Owner-only consumers: the owner's access token (OAuth 1.0a token key, or an OAuth 2 JWT). Shown once.",
  })
  accessToken?: string;

  @ApiPropertyOptional({ description: 'Owner-only OAuth 1.0a consumers: the access token secret. Shown once.' })
  accessSecret?: string;
}

export class ConsumerPage {
  @ApiProperty({ type: [ConsumerResponse] })
  items: ConsumerResponse[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor: string | null;
}
