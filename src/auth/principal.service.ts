import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { EffectiveRights } from '../grants/effective-rights';
import { AccessTokenVerifier } from '../oauth2/access-token-verifier.service';
import { SessionsService } from '../sessions/sessions.service';
import { UserRights } from '../users/user-rights';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Principal } from './principal';
import { SessionCookie } from './session-cookie';

/** Turns a request's credentials into a Principal: a session cookie, or an OAuth 2 Bearer token. */
@Injectable()
export class PrincipalService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
    private readonly users: UsersService,
    private readonly userRights: UserRights,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly effective: EffectiveRights,
  ) {}

  /**
   * A Bearer token acts with the user's rights ∩ its grants' rights (reference 7.3): a script
   * holding `oauthmanageownclient` can manage its owner's consumers, and nothing more. A token
   * that acts for no user (client credentials) is no principal here.
   */
  async fromBearer(token: string, clientIp: string): Promise<Principal | undefined> {
    const access = await this.accessTokens.verify(token, clientIp);
    if (!access.user) return undefined;
    const grants = access.scopes.filter((s) => s !== 'openid');
    return { user: access.user, groups: this.userRights.groups(access.user), rights: this.effective.of(access.user, grants), via: 'bearer' };
  }

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
