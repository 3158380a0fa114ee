import { Injectable } from '@nestjs/common';
import { LoginThrottle } from '../accounts/login-throttle.service';
import { AuditLog } from '../audit/audit-log.service';
import { SessionsService } from '../sessions/sessions.service';
import { UsersService } from '../users/users.service';

type Actor = { id: number; username: string };

/**
 * What an administrator does to an account besides the flags `UserAdminService.update` changes:
 * end its sessions, lift its login lockout. Each is audited with who did it.
 */
@Injectable()
export class UserAccountActions {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
  ) {}

  /** Logs the account out everywhere (a stolen session ends with the others). */
  async endSessions(id: number, actor: Actor, ip?: string): Promise<void> {
    const user = await this.users.getById(id);
    await this.sessions.endAllForUser(id);
    await this.audit.record({ action: 'user.sessions_ended', actor, target: `user ${id} (${user.username})`, ip });
  }

  /** The same as `POST /api/v1/users/{id}/unlock-login`: the account's failed logins are forgotten. */
  async liftLoginLockout(id: number, actor: Actor, ip?: string): Promise<void> {
    const user = await this.users.getById(id);
    await this.throttle.clearAccount(user.usernameKey);
    await this.audit.record({ action: 'user.login_unlocked', actor, target: `user ${id} (${user.username})`, ip });
  }
}
