import { Injectable } from '@nestjs/common';
import { UserResponse } from '../users/dto/user.response';
import { Principal } from '../principal/principal';
import { GrantCatalog } from '../catalog/grant-catalog';
import { UserRights } from '../users/user-rights';
import { User } from '../users/user.entity';

/** The one place a User becomes an API response. */
@Injectable()
export class UserMapper {
  constructor(
    private readonly rights: UserRights,
    private readonly grants: GrantCatalog,
  ) {}

  /**
   * The caller's own account, as far as the credential reaches (docs/security.md "Grants bound
   * every token"): through an application, the rights within its grants, and the real name and
   * email only with a grant that carries viewmyprivateinfo. A session sees it all.
   */
  toSelf(principal: Principal): UserResponse {
    const full = this.toResponse(principal.user);
    const rights = { groups: [...principal.groups], rights: [...principal.rights].sort() };
    if (principal.grants === null || this.grants.seesPrivateInfo(principal.grants)) return { ...full, ...rights };
    const { email: _email, realName: _realName, ...rest } = full;
    return { ...rest, ...rights };
  }

  /**
   * Other people's email addresses and real names, in admin lists and pages: holders of
   * `userrights`, and through an application only within grants that carry viewmyprivateinfo,
   * as for the caller's own (docs/administration.md#who-sees-what).
   */
  seesPrivateInfoOfOthers(viewer: Pick<Principal, 'rights' | 'grants'>): boolean {
    if (!viewer.rights.has('userrights')) return false;
    return viewer.grants === null || this.grants.seesPrivateInfo(viewer.grants);
  }

  /** A user as `viewer` may see them: without email and real name unless `seesPrivateInfoOfOthers`. */
  toAdminView(user: User, viewer: Pick<Principal, 'rights' | 'grants'>): UserResponse {
    const full = this.toResponse(user);
    if (this.seesPrivateInfoOfOthers(viewer)) return full;
    const { email: _email, realName: _realName, ...rest } = full;
    return rest;
  }

  toResponse(user: User): UserResponse {
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      emailVerified: user.emailVerified,
      realName: user.realName,
      registeredAt: user.registeredAt.toISOString(),
      blocked: user.blocked,
      locked: user.locked,
      groups: this.rights.groups(user),
      rights: [...this.rights.rights(user)].sort(),
    };
  }
}
