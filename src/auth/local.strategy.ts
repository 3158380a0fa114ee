import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { AccessPolicy } from '../access/access-policy';
import { AppError } from '../common/errors/app-error';
import { User } from '../users/user.entity';
import { usernameKey } from '../users/username';
import { UsersService } from '../users/users.service';
import { AuditLog } from '../audit/audit-log.service';
import { LoginThrottle } from './login-throttle.service';

/** Username + password, throttled per account and address before the password is checked. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly policy: AccessPolicy,
  ) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(request: FastifyRequest, username: string, password: string): Promise<User> {
    // Bound the work before anything is hashed or counted (the form's own limits).
    if (username.length > 255 || password.length > 1024) throw AppError.badRequest('The username or password is too long.');
    const key = usernameKey(username);
    await this.throttle.check(key, request.ip).catch((error: unknown) => {
      // Only a refusal is a throttled login; Redis being away is a 503, not an attack to record.
      if (error instanceof AppError && error.status === 429) this.audit.count({ action: 'login.throttled', target: `account ${key}`, ip: request.ip });
      throw error;
    });
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      await this.throttle.recordFailure(key, request.ip);
      this.audit.count({ action: 'login.failed', target: `account ${key}`, ip: request.ip });
      // One message for unknown users and wrong passwords: it must not reveal which accounts exist.
      throw new AppError(401, 'invalid_credentials', 'Incorrect username or password.');
    }
    // Said only after the right password, so it reveals nothing to someone guessing.
    const decision = this.policy.decide({ use: { entry: 'session' }, user });
    if (!decision.allowed) throw new AppError(403, 'account_locked', 'This account is locked. Contact an administrator.');
    await this.throttle.clearAccount(key);
    return user;
  }
}
