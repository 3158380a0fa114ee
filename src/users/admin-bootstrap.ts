import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { refuseUnsafeUsername } from './look-alikes';
import { UserRights } from './user-rights';
import { UsersService } from './users.service';

/**
 * ADMIN_USERNAME + ADMIN_PASSWORD: make sure that account exists and is in ADMIN_GROUPS
 * (sysop, oauthadmin, suppress). An existing account keeps its password: the variable only
 * seeds a new one, so a password changed later is not silently reset at the next restart.
 * ADMIN_EMAIL, likewise, is confirmed (the operator vouches for it) on a new account or one
 * without an address, and never replaces an address the account has (docs/configuration.md).
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly rights: UserRights,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    // Before the lookup: MariaDB's collation ignores invisible characters, so `admin` + U+200D
    // would find `admin` there and boot as it instead of being refused.
    refuseUnsafeUsername(admin.username);
    const existing = await this.users.findByUsername(admin.username);
    if (!existing) {
      await this.users.create({
        username: admin.username,
        password: admin.password,
        groups: admin.groups,
        email: admin.email ?? null,
        emailVerified: admin.email !== undefined,
      });
      this.logger.log(`Created the admin account ${admin.username} in groups ${admin.groups.join(', ')}`);
      return;
    }
    if (
      admin.email !== undefined &&
      existing.email === null &&
      (await this.users.setEmailIfNone(existing.id, admin.email))
    )
      this.logger.log(`Gave ${existing.username} the confirmed address from ADMIN_EMAIL`);
    const groups = this.rights.explicitGroups(existing);
    const missing = admin.groups.filter((g) => !groups.includes(g));
    if (missing.length > 0) {
      await this.users.update(existing.id, { groups: [...groups, ...missing] });
      this.logger.log(`Added ${existing.username} to ${missing.join(', ')}`);
    }
  }
}
