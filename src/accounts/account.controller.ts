import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error';
import { ErrorBody } from '../common/errors/error-body.dto';
import { SessionsService } from '../sessions/sessions.service';
import { SessionCookie } from '../caller/session-cookie';
import { deviceName } from '../sessions/device-name';
import { User } from '../users/user.entity';
import { UserIdPipe } from '../users/user-id.pipe';
import { PagesService } from '../web/pages.service';
import { Authenticated, CurrentPrincipal } from '../principal/route-rules.decorators';
import { AccountSettings } from './account-settings.service';
import { ProfileResponse, SessionResponse } from './dto/account-responses.dto';
import { ChangeEmailDto } from './dto/change-email.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { EmailChange } from './email-change.service';
import { LoginLockouts } from './login-lockouts.service';
import { Principal } from '../principal/principal';

/**
 * Your own account through the API (session only: a token an application holds must not change
 * who the account belongs to), and lifting lockouts for admins. The account pages (`/account`)
 * call the same services.
 */
@ApiTags('users')
@Controller('api/v1/users')
export class AccountController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly settings: AccountSettings,
    private readonly emailChange: EmailChange,
    private readonly lockouts: LoginLockouts,
    private readonly pages: PagesService,
    private readonly cookie: SessionCookie,
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
    await this.settings.changePassword(sessionUser(principal), body, req, reply);
  }

  @Post('me/email')
  @HttpCode(202)
  @Authenticated()
  @ApiOperation({
    summary: 'Change (or add) your email address',
    description:
      'From a browser session only, with the current password. A link goes to the new address, valid 24 hours; ' +
      'the address changes when it is opened. A confirmed old address is told that a change was asked for.',
  })
  @ApiAcceptedResponse({ description: 'The link was sent.' })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiTooManyRequestsResponse({ description: 'A mail limit was reached (Retry-After).', type: ErrorBody })
  async changeEmail(
    @Body() body: ChangeEmailDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    await this.emailChange.request(sessionUser(principal), body, req.ip, this.pages.language(req));
  }

  @Patch('me')
  @Authenticated()
  @ApiOperation({
    summary: 'Change your real name or language',
    description: "From a browser session only. `language` is one of the site's languages, or empty for the browser's.",
  })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiBadRequestResponse({ type: ErrorBody })
  async updateProfile(
    @Body() body: UpdateProfileDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
  ): Promise<ProfileResponse> {
    const user = await this.settings.updateProfile(sessionUser(principal), body, req.ip);
    return { username: user.username, realName: user.realName, language: user.language };
  }

  @Get('me/sessions')
  @Authenticated()
  @ApiOperation({ summary: 'Your login sessions', description: 'From a browser session only; newest first.' })
  @ApiOkResponse({ type: [SessionResponse] })
  async sessionList(@CurrentPrincipal() principal: Principal, @Req() req: FastifyRequest): Promise<SessionResponse[]> {
    const user = sessionUser(principal);
    const listed = await this.sessions.listForUser(user.id, this.cookie.read(req));
    return listed.map(({ userAgent, ...session }) => ({ ...session, device: deviceName(userAgent) }));
  }

  @Delete('me/sessions/:handle')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary: 'End one of your sessions',
    description: 'From a browser session only. Ending the current session logs this browser out.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'None of your sessions has this handle.', type: ErrorBody })
  async endSession(
    @Param('handle') handle: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const ended = await this.settings.endSession(sessionUser(principal), handle, this.cookie.read(req), req.ip);
    if (ended.current) this.cookie.clear(reply);
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
    await this.lockouts.lift(id, principal.user, req.ip);
  }
}

/** The caller of a `me` route that changes the account: a logged-in browser, not an application's token. */
function sessionUser(principal: Principal): User {
  if (principal.via !== 'session') throw AppError.forbidden('Only a logged-in browser session may do this.');
  return principal.user;
}
