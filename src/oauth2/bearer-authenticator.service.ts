import { Injectable } from '@nestjs/common';
import { AccessDenied } from '../access/access-denied';
import { AccessPolicy } from '../access/access-policy';
import { Use } from '../access/facts';
import { Principal } from '../principal/principal';
import { PrincipalMemo } from '../principal/principal-memo';
import { grantsOf } from '../protocol/oauth2';
import { User } from '../users/user.entity';
import { AccessTokenVerifier, VerifiedAccessToken } from './access-token-verifier.service';

export interface BearerPrincipal {
  principal: Principal<User | null>;
  access: VerifiedAccessToken;
}

/**
 * The one Bearer verifier (RFC 6750), for every entry point that takes an OAuth 2 access token:
 * the gateway, `@OAuthProtected()`, the admin API, userinfo and resources, introspection. The
 * token is checked, then the access policy decides for `use`; a refusal is an AccessDenied with
 * the policy's reason, which each transport maps to its own error.
 */
@Injectable()
export class BearerAuthenticator {
  private readonly principals = new PrincipalMemo();

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly policy: AccessPolicy,
  ) {}

  async authenticate(jwt: string, use: Use, clientIp?: string): Promise<BearerPrincipal> {
    const access = await this.tokens.verify(jwt);
    const { token, consumer, user } = access;
    const decision = this.policy.decide({
      use,
      user,
      consumer,
      clientIp,
      // A token issued for a user stands on that user's authorization; an app-only token on none.
      authorization: token.userId === null ? undefined : access.authorization,
      // The verified scopes (docs/mediawiki-compatibility.md#rights), narrowed to the authorization's grants.
      grants: grantsOf(access.scopes),
    });
    if (!decision.allowed) throw new AccessDenied(decision.reason, decision.detail);
    const principal = this.principals.get(
      token,
      { user, consumer, via: 'oauth2', tokenId: String(access.payload.jti), expiresAt: token.expiresAt },
      decision,
    );
    return { principal, access };
  }
}
