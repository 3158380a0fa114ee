import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditLog } from '../audit/audit-log.service';
import { AppError } from '../common/errors/app-error';
import { ErrorBody } from '../common/errors/error-body.dto';
import { SessionsService } from '../sessions/sessions.service';
import { UserIdPipe } from '../users/user-id.pipe';
import { usernameKey } from '../users/username';
import { UsersService } from '../users/users.service';
import { Authenticated, CurrentPrincipal } from '../principal/route-rules.decorators';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginThrottle } from './login-throttle.service';
import { Principal } from '../principal/principal';
import { SessionLogin } from './session-login.service';

/** Account protection (issue "Security"): password changes end other sessions; admins lift lockouts. */
@ApiTags('users')
@Controller('api/v1/users')
export class AccountController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly sessionLogin: SessionLogin,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
  ) {}

  @Post('me/password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary: 'Change your password',
    description:
      'From a browser session only. Every other session of the account ends; this one gets a new session id.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorBody })
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (principal.via !== 'session')
      throw AppError.forbidden('Passwords can only be changed from a logged-in browser session.');
    const user = principal.user;
    // Counted and locked like a login, on the same counters: a stolen session gets no more guesses
    // at the password than the login form gives (docs/security.md#other-promises).
    const attempt = await this.throttle.reserve(user.usernameKey, req.ip);
    if (!(await this.users.verifyCredentials(user.username, body.currentPassword))) {
      await this.audit.record({
        action: 'password.change_failed',
        actor: user,
        target: `user ${user.id} (${user.username})`,
        ip: req.ip,
      });
      throw AppError.badRequest('The current password is not right.', [
        { field: 'currentPassword', message: 'is not right' },
      ]);
    }
    await attempt.release();
    if (usernameKey(body.newPassword) === user.usernameKey || body.newPassword === body.currentPassword) {
      throw AppError.badRequest('Choose a new password that is neither your username nor your current password.', [
        { field: 'newPassword', message: 'must differ from the username and the current password' },
      ]);
    }
    await this.users.setPassword(user.id, body.newPassword);
    // Whoever knew the old password may hold a session: end them all, then give this browser a new one.
    await this.sessions.endAllForUser(user.id);
    await this.sessionLogin.start(req, reply, user);
    await this.audit.record({
      action: 'user.password_changed',
      actor: user,
      target: `user ${user.id} (${user.username})`,
      ip: req.ip,
    });
  }

  @Post(':id/unlock-login')
  @HttpCode(204)
  @Authenticated({ rights: ['userrights'] })
  @ApiOperation({
    summary: 'Lift a login lockout',
    description: 'Clears the failed-login count of the account, so its owner can log in again at once.',
  })
  @ApiNoContentResponse()
  async unlock(
    @Param('id', UserIdPipe) id: number,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    const user = await this.users.getById(id);
    await this.throttle.clearAccount(user.usernameKey);
    await this.audit.record({
      action: 'user.login_unlocked',
      actor: principal.user,
      target: `user ${id} (${user.username})`,
      ip: req.ip,
    });
  }
}
