import { Injectable } from '@nestjs/common';
import { LoginLockouts } from '../accounts/login-lockouts.service';
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
    private readonly lockouts: LoginLockouts,
    private readonly audit: AuditLog,
  ) {}

  /** Logs the account out everywhere (a stolen session ends with the others). */
  async endSessions(id: number, actor: Actor, ip?: string): Promise<void> {
    const user = await this.users.getById(id);
    await this.sessions.endAllForUser(id);
    await this.audit.record({ action: 'user.sessions_ended', actor, target: `user ${id} (${user.username})`, ip });
  }

  /** The same rule as `POST /api/v1/users/{id}/unlock-login` (accounts/login-lockouts.service.ts). */
  liftLoginLockout(id: number, actor: Actor, ip?: string): Promise<void> {
    return this.lockouts.lift(id, actor, ip);
  }
}
