import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SigningKey } from '../keys/signing-key.entity';
import { SigningKeys } from '../keys/signing-keys.service';
import { OAuth2Token } from './oauth2-token.entity';
import { TokenIssuer } from './token-issuer.service';
import { TokenStore } from './token-store.service';

/**
 * Signing keys and issued tokens, on their own so that the consumer registry can issue
 * owner-only tokens without depending on the OAuth 2 endpoints.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SigningKey, OAuth2Token])],
  providers: [SigningKeys, TokenIssuer, TokenStore],
  exports: [SigningKeys, TokenIssuer, TokenStore],
})
export class OAuth2TokensModule {}
