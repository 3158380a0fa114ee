import { Injectable } from '@nestjs/common';
import { Principal } from '../principal/principal';
import { GrantCatalog } from '../catalog/grant-catalog';
import { UserRights } from '../users/user-rights';
import { User } from '../users/user.entity';

/** MediaWiki's TS_MW timestamp: YYYYMMDDHHMMSS, UTC. */
export function tsMw(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The user statement (MediaWiki's `UserStatementProvider`,
 * docs/mediawiki-compatibility.md#identify), for `/oauth2/resource/profile`, and its OpenID Connect
 * names for userinfo and ID tokens. Real name and email only when the grants allow private
 * information.
 */
@Injectable()
export class ProfileClaims {
  constructor(
    private readonly userRights: UserRights,
    private readonly grants: GrantCatalog,
  ) {}

  /** `principal`: a token acting for a user, as the access policy decided it (rights within the grants). */
  profile(principal: Principal<User>): Record<string, unknown> {
    const { user } = principal;
    const grants = principal.grants ?? [];
    const claims: Record<string, unknown> = {
      sub: String(user.id),
      username: user.username,
      editcount: 0,
      confirmed_email: user.emailVerified,
      email_verified: user.emailVerified,
      blocked: user.blocked,
      registered: tsMw(user.registeredAt),
      groups: [...principal.groups],
      rights: [...principal.rights].sort(),
      grants,
    };
    if (this.grants.seesPrivateInfo(grants))
      Object.assign(claims, { realname: user.realName, email: user.emailVerified ? (user.email ?? '') : '' });
    return claims;
  }

  oidc(user: User, grants: readonly string[]): Record<string, unknown> {
    const claims: Record<string, unknown> = { preferred_username: user.username, groups: this.userRights.groups(user) };
    if (this.grants.seesPrivateInfo(grants))
      Object.assign(claims, {
        name: user.realName,
        email: user.email ?? undefined,
        email_verified: user.emailVerified,
      });
    return claims;
  }
}
