import { Injectable } from '@nestjs/common';
import { EffectiveRights } from '../grants/effective-rights';
import { GrantCatalog } from '../grants/grant-catalog';
import { UserRights } from '../users/user-rights';
import { User } from '../users/user.entity';

/** MediaWiki's TS_MW timestamp: YYYYMMDDHHMMSS, UTC. */
export function tsMw(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * The user statement (reference 3.7 `UserStatementProvider`), for `/oauth2/resource/profile`,
 * and its OpenID Connect names for userinfo and ID tokens. Real name and email only when the
 * grants allow private information.
 */
@Injectable()
export class ProfileClaims {
  constructor(private readonly userRights: UserRights, private readonly effective: EffectiveRights, private readonly grants: GrantCatalog) {}

  profile(user: User, grants: string[]): Record<string, unknown> {
    const claims: Record<string, unknown> = {
      sub: String(user.id), username: user.username, editcount: 0, confirmed_email: user.emailVerified, email_verified: user.emailVerified,
      blocked: user.blocked, registered: tsMw(user.registeredAt), groups: this.userRights.groups(user),
      rights: [...this.effective.of(user, grants)].sort(), grants,
    };
    if (this.grants.seesPrivateInfo(grants)) Object.assign(claims, { realname: user.realName, email: user.emailVerified ? user.email ?? '' : '' });
    return claims;
  }

  oidc(user: User, grants: string[]): Record<string, unknown> {
    const claims: Record<string, unknown> = { preferred_username: user.username, groups: this.userRights.groups(user) };
    if (this.grants.seesPrivateInfo(grants)) Object.assign(claims, { name: user.realName, email: user.email ?? undefined, email_verified: user.emailVerified });
    return claims;
  }
}
