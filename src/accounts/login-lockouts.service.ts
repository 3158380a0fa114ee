import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
import { UsersService } from '../users/users.service';
import { LoginThrottle } from './login-throttle.service';

/** Who lifts a lockout: the administrator the audit event names. */
export type LockoutActor = { id: number; username: string };

/**
 * Lifting a login lockout, the one rule behind `POST /api/v1/users/{id}/unlock-login` and the user
 * page's "Lift the login lockout" (docs/administration.md#a-users-page): the account's failed logins
 * are forgotten, so its owner can log in again at once, and the event is audited with who did it.
 */
@Injectable()
export class LoginLockouts {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
  ) {}

  /** Throws 404 (as `UsersService.getById`) for an unknown account, before anything changes. */
  async lift(id: number, actor: LockoutActor, ip?: string): Promise<void> {
    const user = await this.users.getById(id);
    await this.throttle.clearAccount(user.usernameKey);
    await this.audit.record({ action: 'user.login_unlocked', actor, target: `user ${id} (${user.username})`, ip });
  }
}
