import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class VerifyUser {
  @ApiProperty({ example: 42 }) id: number;
  @ApiProperty({ example: 'Alice' }) name: string;
  @ApiProperty({ example: ['*', 'user'] }) groups: string[];
}

export class VerifyConsumer {
  @ApiProperty({ example: '3f1c0e8a5b7d4c2e9a6f1b0d8c7e5a43' }) key: string;
  @ApiProperty({ example: 'Citation Bot' }) name: string;
  @ApiProperty({ example: '1.2' }) version: string;
  @ApiProperty() ownerOnly: boolean;
}

/**
 * The gateway's answer: who an API request is and what it may do, the principal the access
 * policy decided on, as JSON (docs/gateway.md).
 */
export class VerifyResponse {
  @ApiProperty({
    type: VerifyUser,
    nullable: true,
    description: 'Null for app-only OAuth 2 tokens (client credentials).',
  })
  user: VerifyUser | null;

  @ApiProperty({ type: VerifyConsumer })
  consumer: VerifyConsumer;

  @ApiProperty({ enum: [1, 2] })
  oauthVersion: 1 | 2;

  @ApiProperty({ example: ['basic', 'editpage'] })
  grants: string[];

  @ApiProperty({ example: ['read', 'edit'], description: "The user's rights ∩ the grants' rights." })
  rights: string[];

  @ApiProperty({ example: ['0.0.0.0/0', '::/0'], description: "The consumer's IP allow-list." })
  restrictions: string[];

  @ApiProperty({ description: 'OAuth 1.0a: the access token key; OAuth 2: the token jti.' })
  tokenId: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'OAuth 2 tokens expire; OAuth 1.0a ones last until revoked.',
  })
  expiresAt: string | null;
}
