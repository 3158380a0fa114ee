import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { SignJWT } from 'jose';
import { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '../../common/config/app-config.service';
import { randomToken, sha256Hex } from '../../common/crypto/tokens';
import { Consumer } from '../../consumers/consumer.entity';
import { SigningKeys } from '../keys/signing-keys.service';
import { OAuth2Token } from './oauth2-token.entity';

export interface Grant {
  consumer: Pick<Consumer, 'id' | 'consumerKey' | 'ownerOnly'>;
  /** Null for app-only tokens (client_credentials of a consumer that is not owner-only). */
  userId: number | null;
  authorizationId: number | null;
  scopes: string[];
  grantType: string;
  familyId: string;
}

export interface IssuedTokens {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

/**
 * Access tokens are JWTs per RFC 9068 (`typ: at+jwt`), signed with the current signing key;
 * only SHA-256 of their `jti` is stored, with the authorization they belong to. Refresh tokens
 * are opaque random strings, stored hashed likewise.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    @InjectRepository(OAuth2Token) private readonly tokens: Repository<OAuth2Token>,
    private readonly keys: SigningKeys,
    private readonly config: AppConfig,
  ) {}

  async issue(grant: Grant, options: { refresh: boolean; ttlSeconds?: number; manager?: EntityManager }): Promise<IssuedTokens> {
    const ttl = options.ttlSeconds ?? this.config.oauth2.accessTokenTtl;
    const accessToken = await this.accessToken(grant, ttl, options.manager);
    const issued: IssuedTokens = { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope: grant.scopes.join(' ') };
    if (options.refresh) issued.refresh_token = await this.refreshToken(grant, options.manager);
    return issued;
  }

  private async accessToken(grant: Grant, ttl: number, manager?: EntityManager): Promise<string> {
    const { kid, alg, key } = await this.keys.current();
    const jti = randomToken(32);
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { client_id: grant.consumer.consumerKey, scope: grant.scopes.join(' '), scopes: grant.scopes };
    // Reference 3.5 omits grant_type for owner-only tokens; so do we.
    if (!grant.consumer.ownerOnly) claims.grant_type = grant.grantType;
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
      .setIssuer(this.config.publicUrl)
      .setAudience(grant.consumer.consumerKey)
      .setJti(jti)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttl);
    // App-only tokens have no subject at all (reference quirk 3: MediaWiki put the owner there).
    if (grant.userId !== null) jwt.setSubject(String(grant.userId));
    const token = await jwt.sign(key);
    await this.store(manager, { ...this.row(grant, 'access', sha256Hex(jti)), expiresAt: new Date((now + ttl) * 1000) });
    return token;
  }

  private async refreshToken(grant: Grant, manager?: EntityManager): Promise<string> {
    const token = randomToken(32);
    await this.store(manager, { ...this.row(grant, 'refresh', sha256Hex(token)), expiresAt: new Date(Date.now() + this.config.oauth2.refreshTokenTtl * 1000) });
    return token;
  }

  private row(grant: Grant, kind: 'access' | 'refresh', tokenHash: string): Omit<OAuth2Token, 'id' | 'expiresAt'> {
    return {
      tokenHash, kind, consumerId: grant.consumer.id, authorizationId: grant.authorizationId, userId: grant.userId,
      scopes: grant.scopes, grantType: grant.grantType, familyId: grant.familyId, createdAt: new Date(), consumedAt: null, revokedAt: null,
    };
  }

  private async store(manager: EntityManager | undefined, row: Omit<OAuth2Token, 'id'>): Promise<void> {
    await (manager ? manager.getRepository(OAuth2Token) : this.tokens).insert(row);
  }
}
