import { Injectable } from '@nestjs/common';
import { AccessDenied } from '../access/access-denied';
import { AccessPolicy } from '../access/access-policy';
import { Use } from '../access/facts';
import { Principal } from '../principal/principal';
import { PrincipalMemo } from '../principal/principal-memo';
import { AuditLog } from '../audit/audit-log.service';
import { AuthRefusal } from '../common/errors/auth-refusal';
import { ProtocolRequest } from '../common/http/protocol-request';
import { OAuth1Verifier } from '../oauth1/oauth1-verifier.service';
import { BearerAuthenticator } from '../oauth2/bearer-authenticator.service';
import { Metrics } from '../metrics/metrics.service';
import { apiActions } from '../protocol/api-actions';
import { OAuth1ProtocolError } from '../protocol/oauth1/errors';
import { AuthorizationCredentials, authorizationCredentials } from '../protocol/authorization-scheme';
import { User } from '../users/user.entity';
import { AppConfig } from '../common/config/app-config.service';
import { gatewayRefusal } from './gateway-refusals';

/**
 * The session provider of MediaWiki's OAuth extension (docs/mediawiki-compatibility.md#gateway):
 * one request, OAuth 1.0a-signed or Bearer, becomes a principal or a refusal. The credential is
 * checked, then the access policy decides, on every request, against hot-path caches that any
 * write drops at once (other instances' within a second, through Redis): a revoked
 * authorization, a blocked user or a disabled consumer fails on the next request.
 */
@Injectable()
export class RequestAuthenticator {
  private readonly principals = new PrincipalMemo();

  constructor(
    private readonly config: AppConfig,
    private readonly oauth1: OAuth1Verifier,
    private readonly bearer: BearerAuthenticator,
    private readonly policy: AccessPolicy,
    private readonly metrics: Metrics,
    private readonly audit: AuditLog,
  ) {}

  /** `use` is the gateway's by default: the request's API actions, checked against DISABLED_API_ACTIONS. */
  async authenticate(request: ProtocolRequest, use: Use = this.gatewayUse(request)): Promise<Principal<User | null>> {
    const credentials = authorizationCredentials(request.authorization);
    const version = credentials.scheme === 'OAuth' ? '1' : '2';
    try {
      const principal =
        credentials.scheme === 'OAuth'
          ? await this.viaOAuth1(request, use)
          : await this.viaBearer(credentials.scheme === 'Bearer' ? credentials.token : null, request, use);
      this.metrics.verifications.inc({ oauth_version: version, result: 'ok' });
      return principal;
    } catch (error) {
      const refusal = this.refusal(error, credentials.scheme);
      this.metrics.verifications.inc({ oauth_version: version, result: refusal.key });
      // Counted per minute, not one row per attack request.
      this.audit.count({
        action: version === '1' ? 'oauth1.request_refused' : 'oauth2.token_refused',
        target: refusal.key,
        ip: request.clientIp,
      });
      throw refusal;
    }
  }

  /** The request's API actions are read only when some are disabled: the hot path parses no query otherwise. */
  private gatewayUse(request: ProtocolRequest): Use {
    return this.config.gateway.disabledActions.length === 0
      ? NO_ACTIONS
      : { entry: 'gateway', actions: actionsOf(request) };
  }

  private async viaOAuth1(request: ProtocolRequest, use: Use): Promise<Principal<User | null>> {
    const { consumer, authorization, oauth } = await this.oauth1.verify(request, 'resource', use);
    // Joined on the authorization's userId (one round trip on a cache miss); a deleted user takes both with it.
    const user = authorization!.user ?? null;
    // No clientIp: the verifier's client checks met the allow-list before the signature; once is
    // enough on the hot path.
    const decision = this.policy.decide({ use, user, consumer, authorization: authorization! });
    if (!decision.allowed) throw new AccessDenied(decision.reason, decision.detail);
    return this.principals.get(
      authorization!,
      { user, consumer, via: 'oauth1', tokenId: oauth.oauth_token, expiresAt: null },
      decision,
    );
  }

  /** `token` is null when there is none, or when the Bearer credentials are malformed. */
  private async viaBearer(token: string | null, request: ProtocolRequest, use: Use): Promise<Principal<User | null>> {
    if (!token)
      throw new AccessDenied('credential_invalid', 'The request carries no OAuth 1.0a signature and no Bearer token.');
    return (await this.bearer.authenticate(token, use, request.clientIp)).principal;
  }

  private refusal(error: unknown, scheme: AuthorizationCredentials['scheme']): AuthRefusal {
    const realm = this.config.publicUrl;
    if (error instanceof AccessDenied) return gatewayRefusal(error, realm, scheme);
    // A bad signature, token, timestamp or nonce: the credential itself.
    if (error instanceof OAuth1ProtocolError)
      return gatewayRefusal(new AccessDenied('credential_invalid', error.message), realm, scheme);
    throw error;
  }
}

const NO_ACTIONS: Use = Object.freeze({ entry: 'gateway', actions: Object.freeze([]) });

/**
 * Every value PHP, and so MediaWiki, could take as `action=` for this request, from the query and
 * the body (docs/mediawiki-compatibility.md#gateway): names read as PHP reads them, every repeat.
 */
function actionsOf(request: ProtocolRequest): string[] {
  return apiActions({ url: request.url, contentType: request.contentType, body: request.rawBody });
}
