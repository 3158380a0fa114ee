import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessDenied } from '../access/access-denied';
import { AccessPolicy, Allowed } from '../access/access-policy';
import { Use } from '../access/facts';
import { Principal } from '../principal/principal';
import { BearerAuthenticator } from '../oauth2/bearer-authenticator.service';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { SessionCookie } from './session-cookie';

/** Turns a request's credentials into a Principal: a session cookie, or an OAuth 2 Bearer token. */
@Injectable()
export class PrincipalService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
    private readonly users: UsersService,
    private readonly bearer: BearerAuthenticator,
    private readonly policy: AccessPolicy,
  ) {}

  /**
   * A Bearer token acts with the user's rights within its grants, and reaches what its grants
   * reach (docs/security.md): the access policy decides for `use`, which must need a user.
   */
  async fromBearer(
    token: string,
    use: Use & { entry: 'resource'; needsUser: true },
    clientIp: string,
  ): Promise<Principal> {
    return (await this.bearer.authenticate(token, use, clientIp)).principal as Principal;
  }

  /**
   * A login session, not bounded by grants. A locked account reads as logged out (its sessions
   * are ended when it is locked; this catches any left over); a missing right is an AccessDenied.
   */
  async fromRequest(request: FastifyRequest, rights?: readonly string[]): Promise<Principal | undefined> {
    const session = await this.sessions.resolve(this.cookie.read(request));
    if (!session) return undefined;
    const user = await this.users.findById(session.userId);
    const decision = this.policy.decide({ use: { entry: 'session', rights }, user });
    if (!decision.allowed) {
      if (decision.reason === 'right_missing') throw new AccessDenied(decision.reason, decision.detail);
      return undefined;
    }
    return { ...this.sessionPrincipal(user!, decision), authTime: Math.floor(session.createdAt.getTime() / 1000) };
  }

  /** The operator acting as `user` (the CLI): what a session of theirs could do. */
  forUser(user: User): Principal {
    const decision = this.policy.decide({ use: { entry: 'session' }, user });
    if (!decision.allowed) throw new AccessDenied(decision.reason, decision.detail);
    return this.sessionPrincipal(user, decision);
  }

  private sessionPrincipal(user: User, decision: Allowed): Principal {
    return { user, groups: decision.groups, rights: decision.rights, via: 'session', consumer: null, grants: null };
  }
}
