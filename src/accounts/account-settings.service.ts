import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditAction, AuditLog } from '../audit/audit-log.service';
import { Messages } from '../catalog/messages';
import { AppError } from '../common/errors/app-error';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { usernameKey } from '../users/username';
import { UsersService } from '../users/users.service';
import { LoginThrottle } from './login-throttle.service';
import { SessionLogin } from './session-login.service';

/**
 * What people change about their own account (the API's `/api/v1/users/me*` and the pages under
 * `/account`, one implementation for both): the password, the real name and the language.
 */
@Injectable()
export class AccountSettings {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly sessionLogin: SessionLogin,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly messages: Messages,
  ) {}

  /**
   * The current password, before a change that would hand the account over (its password, its
   * address). Counted and locked like a login, on the same counters: a stolen session gets no more
   * guesses at the password than the login form gives (docs/security.md#other-promises).
   */
  async checkCurrentPassword(user: User, password: string, ip: string, failure: AuditAction): Promise<void> {
    const attempt = await this.throttle.reserve(user.usernameKey, ip);
    if (!(await this.users.verifyCredentials(user.username, password))) {
      await this.audit.record({ action: failure, actor: user, target: target(user), ip });
      throw AppError.badRequest('The current password is not right.', [
        { field: 'currentPassword', message: 'is not right' },
      ]);
    }
    await attempt.release();
  }

  /** Every other session of the account ends; this browser gets a new session (and cookie). */
  async changePassword(
    user: User,
    input: { currentPassword: string; newPassword: string },
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    await this.checkCurrentPassword(user, input.currentPassword, req.ip, 'password.change_failed');
    if (usernameKey(input.newPassword) === user.usernameKey || input.newPassword === input.currentPassword) {
      throw AppError.badRequest('Choose a new password that is neither your username nor your current password.', [
        { field: 'newPassword', message: 'must differ from the username and the current password' },
      ]);
    }
    await this.users.setPassword(user.id, input.newPassword);
    // Whoever knew the old password may hold a session: end them all, then give this browser a new one.
    await this.sessions.endAllForUser(user.id);
    await this.sessionLogin.start(req, reply, user);
    await this.audit.record({ action: 'user.password_changed', actor: user, target: target(user), ip: req.ip });
  }

  /** "Log out everywhere else": every session of the account but the one of `currentToken`. */
  async endOtherSessions(user: User, currentToken: string | undefined, ip: string): Promise<number> {
    const count = await this.sessions.endOthers(user.id, currentToken);
    await this.audit.record({
      action: 'user.sessions_ended',
      actor: user,
      target: target(user),
      ip,
      details: { which: 'others', count },
    });
    return count;
  }

  /**
   * One session of the account, by its handle; 404 for a handle that names none of the account's
   * sessions (another account's included). `current`: it was the asking session, now ended.
   */
  async endSession(user: User, handle: string, currentToken: string | undefined, ip: string) {
    const ended = await this.sessions.endByHandle(user.id, handle, currentToken);
    if (!ended) throw AppError.notFound('You have no such session: it may have ended already.');
    await this.audit.record({
      action: 'user.sessions_ended',
      actor: user,
      target: target(user),
      ip,
      details: { which: ended.current ? 'current' : 'one', count: 1 },
    });
    return ended;
  }

  /**
   * The real name and the language. The language is one of the catalog's (`Messages.languages`), or
   * empty for the browser's; anything else changes nothing.
   */
  async updateProfile(user: User, changes: { realName?: string; language?: string }, ip: string): Promise<User> {
    const language = changes.language === undefined ? undefined : changes.language === '' ? null : changes.language;
    if (language && !this.messages.languages.includes(language)) {
      throw AppError.badRequest('There are no pages in that language.', [
        { field: 'language', message: `must be one of: ${this.messages.languages.join(', ')}, or empty` },
      ]);
    }
    const realName = changes.realName?.trim();
    const updated = await this.users.updateProfile(user.id, { realName, language });
    const changed = [realName !== undefined && 'realName', language !== undefined && 'language'].filter(Boolean);
    if (changed.length > 0)
      await this.audit.record({
        action: 'user.profile_changed',
        actor: user,
        target: target(user),
        ip,
        details: { fields: changed },
      });
    return updated;
  }
}

export function target(user: { id: number; username: string }): string {
  return `user ${user.id} (${user.username})`;
}
