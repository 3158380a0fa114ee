import { Injectable } from '@nestjs/common';
import { UserRights } from '../users/user-rights';
import { User } from '../users/user.entity';
import { GrantCatalog } from './grant-catalog';

/**
 * Reference 7.3: what a request made through an app may do = the user's rights ∩ the rights of
 * the granted grants. An app never gains a right its user lacks; identity-only grants carry no
 * rights; a blocked or locked user gets none through any app.
 */
@Injectable()
export class EffectiveRights {
  constructor(private readonly userRights: UserRights, private readonly grants: GrantCatalog) {}

  of(user: User, grants: readonly string[]): Set<string> {
    if (user.blocked || user.locked) return new Set();
    const own = this.userRights.rights(user);
    return new Set([...this.grants.rightsOf(grants)].filter((right) => own.has(right)));
  }
}
