import { Injectable } from '@nestjs/common';
import { AuthorizationsService } from '../../authorizations/authorizations.service';
import { AppConfig } from '../../common/config/app-config.service';
import { randomToken } from '../../common/crypto/tokens';
import { GrantCatalog } from '../../catalog/grant-catalog';
import { OAuth2ProtocolError, parseScope, shownValues } from '../../protocol/oauth2';
import { TokenIssuer } from '../../tokens/token-issuer.service';
import { GrantHandler, TokenRequestContext } from './grant-handler';
import { GrantChecks } from './user-checks';

/**
 * RFC 6749 §4.4, confidential clients only. Owner-only consumers get a token acting as their
 * owner with all their grants (docs/mediawiki-compatibility.md#owner-only-consumers); other consumers get an
 * app-only token with no user and no `sub`, where MediaWiki put the owner's id
 * (docs/mediawiki-compatibility.md#rest).
 */
@Injectable()
export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly authorizations: AuthorizationsService,
    private readonly checks: GrantChecks,
    private readonly grants: GrantCatalog,
    private readonly config: AppConfig,
  ) {}

  async handle({ client, params, clientIp }: TokenRequestContext) {
    const { consumer } = client;
    if (client.method === 'none')
      throw OAuth2ProtocolError.unauthorizedClient('Public clients cannot use client_credentials.');
    const requested = this.requested(params.scope);
    if (consumer.ownerOnly) {
      const owned = await this.authorizations.findFor(consumer.ownerId, consumer.id, consumer.wiki);
      const { authorization, user } = await this.checks.userGrant(
        this.grantType,
        consumer,
        owned?.id ?? null,
        consumer.ownerId,
        clientIp,
      );
      const scopes = requested ? this.narrowed(authorization.grants, requested) : authorization.grants;
      return this.issuer.issue(
        {
          consumer,
          userId: user.id,
          authorizationId: authorization.id,
          scopes,
          grantType: this.grantType,
          familyId: randomToken(16),
        },
        // The long-lived token is the one shown at registration or reset; calls get ordinary ones.
        { refresh: false },
      );
    }
    this.checks.appGrant(this.grantType, consumer, clientIp);
    const unknown = (requested ?? []).filter((s) => !consumer.grants.includes(s.grant ?? ''));
    if (unknown.length > 0) {
      throw OAuth2ProtocolError.invalidScope(
        `Not among this client's grants: ${shownValues(unknown.map((s) => s.sent))}.`,
      );
    }
    const scopes = requested ? this.narrowed(consumer.grants, requested) : consumer.grants;
    return this.issuer.issue(
      { consumer, userId: null, authorizationId: null, scopes, grantType: this.grantType, familyId: randomToken(16) },
      { refresh: false },
    );
  }

  /**
   * The requested names, each with the grant it stands for, read as /oauth2/authorize reads them:
   * legacy names (`useoauth`, `authonly`, `authonlyprivate`) are today's grants (docs/oauth2.md#scopes).
   */
  private requested(scope: string | undefined): Array<{ sent: string; grant: string | undefined }> | undefined {
    return parseScope(scope)?.map((sent) => ({ sent, grant: this.grants.canonical(sent) }));
  }

  /** `grants` narrowed to the requested ones, keeping the irrevocable grants. */
  private narrowed(grants: readonly string[], requested: ReadonlyArray<{ grant: string | undefined }>): string[] {
    return grants.filter((g) => requested.some((r) => r.grant === g) || this.grants.irrevocableGrants.includes(g));
  }
}
