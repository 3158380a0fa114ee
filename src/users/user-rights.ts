import { Injectable } from '@nestjs/common';
import type { UserFacts } from '../access/facts';
import { RightsCatalog } from '../catalog/rights-catalog';

/** What an account may do on this server: its groups' rights, or everyone's if it is blocked. */
@Injectable()
export class UserRights {
  /** What everyone may do, read once: a blocked account, and an app acting for nobody, get no more. */
  readonly everyoneRights: ReadonlySet<string>;

  constructor(private readonly catalog: RightsCatalog) {
    this.everyoneRights = catalog.everyoneRights;
  }

  explicitGroups(user: UserFacts): string[] {
    return (user.memberships ?? []).map((m) => m.groupName).sort();
  }

  groups(user: UserFacts): string[] {
    return this.catalog.effectiveGroups(this.explicitGroups(user));
  }

  rights(user: UserFacts): Set<string> {
    if (user.locked) return new Set();
    if (user.blocked) return new Set(this.everyoneRights);
    return this.catalog.rightsOf(this.groups(user));
  }
}
