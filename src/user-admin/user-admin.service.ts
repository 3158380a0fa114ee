import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { UserChanges, UsersService } from '../users/users.service';

/** Admin changes to an account, with their consequences (locking and blocking end sessions). */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
  ) {}

  async update(id: number, changes: UserChanges, actor?: { id: number; username: string }, ip?: string): Promise<User> {
    const user = await this.users.update(id, changes);
    // A locked account cannot log in, a blocked one cannot act: both lose every session at once.
    if (changes.locked || changes.blocked) await this.sessions.endAllForUser(id);
    // Rights, blocks and locks are security events (docs/security.md: rights changes are audited).
    await this.audit.record({
      action: 'user.changed',
      actor,
      target: `user ${id} (${user.username})`,
      ip,
      details: { ...changes },
    });
    return user;
  }
}
