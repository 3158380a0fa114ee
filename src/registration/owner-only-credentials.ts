import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../common/config/app-config.service';
import { randomToken } from '../common/crypto/tokens';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { TokenStore } from '../tokens/token-store.service';
import { TokenIssuer } from '../tokens/token-issuer.service';
import { AuthorizationsService } from '../authorizations/authorizations.service';

export interface OwnerOnlyCredentials {
  /** OAuth 1.0a: the access token key; OAuth 2: the access token (a JWT). */
  accessToken: string;
  /** OAuth 1.0a only: the access token secret. */
  accessSecret?: string;
}

/**
 * Owner-only consumers (docs/mediawiki-compatibility.md#owner-only-consumers): the owner's authorization
 * exists from creation, with all the consumer's grants, and its credentials are shown once. A
 * secret reset re-keys it: OAuth 1.0a keeps the token key with a new secret; OAuth 2 revokes the
 * old tokens and issues a new one (OAUTH2_OWNER_ONLY_TOKEN_TTL). Runs inside the caller's
 * transaction.
 */
@Injectable()
export class OwnerOnlyCredentialsService {
  constructor(
    private readonly secrets: ConsumerSecrets,
    private readonly authorizations: AuthorizationsService,
    private readonly tokens: TokenIssuer,
    private readonly store: TokenStore,
    private readonly config: AppConfig,
  ) {}

  async issue(manager: EntityManager, consumer: Consumer): Promise<OwnerOnlyCredentials> {
    const seed = this.secrets.newSeed();
    const authorization = await this.authorizations.upsert(manager, {
      userId: consumer.ownerId,
      consumer,
      grants: consumer.grants,
      seed,
      accessToken: this.secrets.newKey(),
      keepAccessToken: true,
    });
    if (consumer.oauthVersion === 1)
      return { accessToken: authorization.accessToken, accessSecret: this.secrets.accessSecret(seed) };
    await this.store.revokeForAuthorization(authorization.id, manager);
    const issued = await this.tokens.issue(
      {
        consumer,
        userId: consumer.ownerId,
        authorizationId: authorization.id,
        scopes: consumer.grants,
        grantType: 'client_credentials',
        familyId: randomToken(16),
      },
      { refresh: false, ttlSeconds: this.config.oauth2.ownerOnlyTokenTtl, manager },
    );
    return { accessToken: issued.access_token };
  }
}
