import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../common/config/app-config.service';
import { randomToken, sha256Hex } from '../common/crypto/tokens';
import { Consumer } from '../consumers/consumer.entity';
import { signCompact } from '../protocol/jose/compact-sign';
import { SigningKeys } from '../keys/signing-keys.service';
import { bulkInsert } from '../database/bulk-insert';
import { InsertBatcher } from '../database/insert-batcher';
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
  /** Tokens issued outside a caller's transaction are written by group commit (many per INSERT). */
  private readonly batcher: InsertBatcher<Omit<OAuth2Token, 'id'>>;
  private readonly insert: ReturnType<typeof bulkInsert<OAuth2Token>>;

  constructor(
    dataSource: DataSource,
    private readonly keys: SigningKeys,
    private readonly config: AppConfig,
  ) {
    this.insert = bulkInsert(dataSource, OAuth2Token);
    this.batcher = new InsertBatcher<Omit<OAuth2Token, 'id'>>((rows) => this.insert(rows));
  }

  async issue(
    grant: Grant,
    options: { refresh: boolean; ttlSeconds?: number; manager?: EntityManager },
  ): Promise<IssuedTokens> {
    const ttl = options.ttlSeconds ?? this.config.oauth2.accessTokenTtl;
    const access = await this.accessToken(grant, ttl);
    const issued: IssuedTokens = {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: ttl,
      scope: grant.scopes.join(' '),
    };
    const rows = [access.row];
    if (options.refresh) {
      const refresh = this.refreshToken(grant);
      issued.refresh_token = refresh.token;
      rows.push(refresh.row);
    }
    // Inside the caller's transaction when there is one; the tokens exist once this returns.
    if (options.manager) await this.insert(rows, options.manager);
    else await this.batcher.add(rows);
    return issued;
  }

  private async accessToken(grant: Grant, ttl: number): Promise<{ token: string; row: Omit<OAuth2Token, 'id'> }> {
    const { kid, alg, key } = await this.keys.current();
    const jti = randomToken(32);
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      client_id: grant.consumer.consumerKey,
      scope: grant.scopes.join(' '),
      scopes: grant.scopes,
    };
    // MediaWiki omits grant_type for owner-only tokens; so do we
    // (docs/mediawiki-compatibility.md#owner-only-consumers).
    if (!grant.consumer.ownerOnly) claims.grant_type = grant.grantType;
    Object.assign(claims, {
      iss: this.config.publicUrl,
      aud: grant.consumer.consumerKey,
      jti,
      iat: now,
      nbf: now,
      exp: now + ttl,
    });
    // App-only tokens have no subject at all (MediaWiki put the owner there:
    // docs/mediawiki-compatibility.md#rest).
    if (grant.userId !== null) claims.sub = String(grant.userId);
    const token = signCompact(alg, { kid, typ: 'at+jwt' }, claims, key);
    return { token, row: { ...this.row(grant, 'access', sha256Hex(jti)), expiresAt: new Date((now + ttl) * 1000) } };
  }

  private refreshToken(grant: Grant): { token: string; row: Omit<OAuth2Token, 'id'> } {
    const token = randomToken(32);
    return {
      token,
      row: {
        ...this.row(grant, 'refresh', sha256Hex(token)),
        expiresAt: new Date(Date.now() + this.config.oauth2.refreshTokenTtl * 1000),
      },
    };
  }

  private row(grant: Grant, kind: 'access' | 'refresh', tokenHash: string): Omit<OAuth2Token, 'id' | 'expiresAt'> {
    return {
      tokenHash,
      kind,
      consumerId: grant.consumer.id,
      authorizationId: grant.authorizationId,
      userId: grant.userId,
      scopes: grant.scopes,
      grantType: grant.grantType,
      familyId: grant.familyId,
      createdAt: new Date(),
      consumedAt: null,
      revokedAt: null,
    };
  }
}
