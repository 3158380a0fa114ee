import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { AccessPolicy } from '../access/access-policy';
import { AuditLog } from '../audit/audit-log.service';
import { AppError } from '../common/errors/app-error';
import { validateForm } from '../common/http/forms';
import { User } from '../users/user.entity';
import { usernameKey } from '../users/username';
import { UsersService } from '../users/users.service';
import { LoginFormDto } from './dto/login-form.dto';
import { LoginThrottle } from './login-throttle.service';

/** Username + password: typed, then reserved against the throttle, then checked. */
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

  /**
   * passport-local hands over whatever it found, in the body or else in the query string, of any
   * JSON type: read the form body only, and only strings of the form's lengths, before anything is
   * hashed or counted (docs/security.md#other-promises).
   */
  async validate(request: FastifyRequest): Promise<User> {
    const form = validateForm(LoginFormDto, request.body);
    if (!form.ok) throw AppError.badRequest('Enter your username and password.', form.errors);
    const { username, password } = form.value;
    const key = usernameKey(username);
    const attempt = await this.throttle.reserve(key, request.ip);
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      // The reservation stays: it is this failure's count.
      this.audit.count({ action: 'login.failed', target: `account ${key}`, ip: request.ip });
      // One message for unknown users and wrong passwords: it must not reveal which accounts exist.
      throw new AppError(401, 'invalid_credentials', 'Incorrect username or password.');
    }
    // Not a failure: give back this attempt's own count, and nothing else (failures that raced it stay counted).
    await attempt.release();
    // Said only after the right password, so it reveals nothing to someone guessing.
    const decision = this.policy.decide({ use: { entry: 'session' }, user });
    if (!decision.allowed) {
      if (decision.reason === 'user_blocked')
        throw new AppError(403, 'account_blocked', 'This account is blocked. Contact an administrator.');
      throw new AppError(403, 'account_locked', 'This account is locked. Contact an administrator.');
    }
    return user;
  }
}
