import { Injectable } from '@nestjs/common';
import { RightsCatalog } from './rights-catalog';
import { User } from './user.entity';

/** What an account may do on this server: its groups' rights, or everyone's if it is blocked. */
@Injectable()
export class UserRights {
  constructor(private readonly catalog: RightsCatalog) {}

  explicitGroups(user: User): string[] {
    return (user.memberships ?? []).map((m) => m.groupName).sort();
  }

  groups(user: User): string[] {
    return this.catalog.effectiveGroups(this.explicitGroups(user));
  }

  rights(user: User): Set<string> {
    if (user.locked) return new Set();
    if (user.blocked) return this.catalog.everyoneRights;
    return this.catalog.rightsOf(this.groups(user));
  }
}
