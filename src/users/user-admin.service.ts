import { Injectable } from '@nestjs/common';
import { SessionsService } from '../sessions/sessions.service';
import { User } from './user.entity';
import { UserChanges, UsersService } from './users.service';

/** Admin changes to an account, with their consequences (locking ends sessions). */
@Injectable()
export class UserAdminService {
  constructor(private readonly users: UsersService, private readonly sessions: SessionsService) {}

  async update(id: number, changes: UserChanges): Promise<User> {
    const user = await this.users.update(id, changes);
    if (changes.locked) await this.sessions.endAllForUser(id);
    return user;
  }
}
