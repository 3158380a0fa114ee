import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../audit/audit-log.service';
import { AppConfig } from '../../common/config/app-config.service';
import { grantsOf, narrowScopes, OAuth2ProtocolError, OPENID_SCOPE, verifyPkce } from '../../protocol/oauth2';
import { AuthorizationCodes } from '../authorization-codes';
import { IdTokens } from '../id-tokens';
import { TokenIssuer } from '../../tokens/token-issuer.service';
import { TokenStore } from '../../tokens/token-store.service';
import { GrantHandler, TokenRequestContext } from './grant-handler';
import { GrantChecks } from './user-checks';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6): a single-use code for tokens. */
@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';

  constructor(
    private readonly codes: AuthorizationCodes,
    private readonly tokens: TokenStore,
    private readonly issuer: TokenIssuer,
    private readonly checks: GrantChecks,
    private readonly idTokens: IdTokens,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  async handle({ client, params, clientIp }: TokenRequestContext) {
    const { consumer } = client;
    if (!params.code) throw OAuth2ProtocolError.invalidRequest('code is required.');
    const { record, reusedFamily } = await this.codes.redeem(params.code);
    if (reusedFamily) {
      // RFC 6749 §4.1.2: a code used twice means someone else has it: revoke what it gave.
      await this.tokens.revokeFamily(reusedFamily);
      await this.audit.record({
        action: 'oauth2.code_reused',
        target: `client ${consumer.consumerKey}`,
        ip: clientIp,
        details: { family: reusedFamily },
      });
      throw OAuth2ProtocolError.invalidGrant(
        'This authorization code was already used; the tokens issued from it are revoked.',
      );
    }
    if (!record || record.clientId !== consumer.consumerKey)
      throw OAuth2ProtocolError.invalidGrant('The authorization code is invalid or expired.');
    // RFC 6749 §4.1.3: the same redirect_uri as at /authorize; without one there, only the registered one.
    const expected = record.redirectUri ?? (params.redirect_uri !== undefined ? consumer.callbackUrl : undefined);
    if (expected !== undefined && params.redirect_uri !== expected) {
      throw OAuth2ProtocolError.invalidGrant('redirect_uri does not match the one used for the authorization request.');
    }
    if (record.challenge) {
      if (!params.code_verifier) throw OAuth2ProtocolError.invalidGrant('code_verifier is required.');
      if (
        !verifyPkce({
          verifier: params.code_verifier,
          challenge: record.challenge,
          method: record.challengeMethod ?? 'S256',
          allowPlain: this.config.oauth2.allowPlainPkce,
        })
      ) {
        throw OAuth2ProtocolError.invalidGrant('Failed to verify code_verifier.');
      }
    } else if (params.code_verifier) {
      throw OAuth2ProtocolError.invalidRequest(
        'code_verifier was sent, but the authorization request had no code_challenge.',
      );
    }
    const { authorization, user } = await this.checks.userGrant(
      this.grantType,
      consumer,
      record.authorizationId,
      record.userId,
      clientIp,
    );
    // The user may have narrowed the authorization since the code was issued.
    const scopes = narrowScopes(record.scopes, authorization.grants);
    const issued = await this.issuer.issue(
      {
        consumer,
        userId: user.id,
        authorizationId: authorization.id,
        scopes,
        grantType: this.grantType,
        familyId: record.familyId,
      },
      { refresh: (consumer.oauth2GrantTypes ?? []).includes('refresh_token') },
    );
    if (!scopes.includes(OPENID_SCOPE)) return issued;
    return {
      ...issued,
      id_token: await this.idTokens.issue({
        user,
        clientId: consumer.consumerKey,
        nonce: record.nonce,
        authTime: record.authTime,
        grants: grantsOf(scopes),
      }),
    };
  }
}
