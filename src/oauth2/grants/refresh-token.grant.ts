import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../audit/audit-log.service';
import { AppConfig } from '../../common/config/app-config.service';
import { narrowScopes, OAuth2ProtocolError, parseScope } from '../../protocol/oauth2';
import { TokenIssuer } from '../../tokens/token-issuer.service';
import { TokenStore } from '../../tokens/token-store.service';
import { GrantHandler, TokenRequestContext } from './grant-handler';
import { GrantChecks } from './user-checks';

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): each refresh token works once. Presented again
 * after OAUTH2_REFRESH_GRACE_SECONDS, it revokes its whole family. Scope may only narrow.
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';

  constructor(
    private readonly tokens: TokenStore,
    private readonly issuer: TokenIssuer,
    private readonly checks: GrantChecks,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  async handle({ client, params, clientIp }: TokenRequestContext) {
    const { consumer } = client;
    if (!params.refresh_token) throw OAuth2ProtocolError.invalidRequest('refresh_token is required.');
    const row = await this.tokens.findRefresh(params.refresh_token);
    const invalid = () => OAuth2ProtocolError.invalidGrant('The refresh token is invalid, expired or revoked.');
    if (!row || row.consumerId !== consumer.id || row.revokedAt || row.expiresAt <= new Date()) throw invalid();
    const requested = parseScope(params.scope);
    const scopes = requested ?? row.scopes;
    const widened = scopes.filter((s) => !row.scopes.includes(s));
    if (widened.length > 0)
      throw OAuth2ProtocolError.invalidScope(`A refresh may only narrow the scope; not granted: ${widened.join(' ')}.`);
    const { authorization, user } = await this.checks.userGrant(
      this.grantType,
      consumer,
      row.authorizationId,
      row.userId,
      clientIp,
    );
    const kept = narrowScopes(scopes, authorization.grants);
    // One transaction: a failure after consuming the old token must not leave the client without
    // either (never a half-written rotation).
    const issued = await this.tokens.transaction(async (manager) => {
      // Lost to a request that read the row at the same time (a client retrying a slow refresh):
      // it was consumed a moment ago, not by a thief long after.
      if (!(await this.tokens.consume(row.id, manager)) && !this.withinGrace(row.consumedAt ?? new Date())) return null;
      return this.issuer.issue(
        {
          consumer,
          userId: user.id,
          authorizationId: authorization.id,
          scopes: kept,
          grantType: this.grantType,
          familyId: row.familyId,
        },
        { refresh: true, manager },
      );
    });
    if (!issued) {
      await this.tokens.revokeFamily(row.familyId);
      await this.audit.record({
        action: 'oauth2.refresh_reused',
        target: `client ${consumer.consumerKey}`,
        ip: clientIp,
        details: { family: row.familyId, user: row.userId },
      });
      throw OAuth2ProtocolError.invalidGrant('This refresh token was already used; its whole family is revoked.');
    }
    return issued;
  }

  private withinGrace(consumedAt: Date | null): boolean {
    const grace = this.config.oauth2.refreshGraceSeconds;
    return grace > 0 && consumedAt !== null && Date.now() - consumedAt.getTime() <= grace * 1000;
  }
}
