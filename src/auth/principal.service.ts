import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SessionsService } from '../sessions/sessions.service';
import { UserRights } from '../users/user-rights';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Principal } from './principal';
import { SessionCookie } from './session-cookie';

/** Turns a request's credentials into a Principal. Sessions now; Bearer tokens join with OAuth 2. */
@Injectable()
export class PrincipalService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
    private readonly users: UsersService,
    private readonly userRights: UserRights,
  ) {}

  async fromRequest(request: FastifyRequest): Promise<Principal | undefined> {
    const session = await this.sessions.resolve(this.cookie.read(request));
    if (!session) return undefined;
    const user = await this.users.findById(session.userId);
    // A locked account's sessions are ended when it is locked; this catches any left over.
    if (!user || user.locked) return undefined;
    return { ...this.forUser(user), authTime: Math.floor(session.createdAt.getTime() / 1000) };
  }

  forUser(user: User): Principal {
    return { user, groups: this.userRights.groups(user), rights: this.userRights.rights(user), via: 'session' };
  }
}
