import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Messages } from '../catalog/messages';
import { AppError } from '../common/errors/app-error';
import { toErrorResponse } from '../common/errors/error-response';
import { formProblems } from '../common/errors/form-problems';
import { validateForm } from '../common/http/forms';
import { SessionCookie } from '../caller/session-cookie';
import { Authenticated, Public } from '../principal/route-rules.decorators';
import { deviceName } from '../sessions/device-name';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { AccountSettings } from './account-settings.service';
import { ChangeEmailFormDto } from './dto/change-email.dto';
import { ChangePasswordFormDto } from './dto/change-password-form.dto';
import { UpdateProfileFormDto } from './dto/update-profile.dto';
import { EmailChange } from './email-change.service';
import { Writes } from '../common/read-only/read-only.decorators';

type Problems = { field: string; message: string }[];

/**
 * A person's own account (docs/api.md#your-account): what it holds, and forms to change the email
 * address, the real name and language, the password, and to end sessions. Each form answers with
 * its page again, with what happened or what was wrong.
 */
@ApiExcludeController()
@Controller('account')
export class AccountPagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly users: UsersService,
    private readonly settings: AccountSettings,
    private readonly emailChange: EmailChange,
    private readonly sessions: SessionsService,
    private readonly cookie: SessionCookie,
    private readonly messages: Messages,
  ) {}

  @Get()
  @Authenticated({ redirectToLogin: true })
  async account(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderAccount(req, reply, {});
  }

  @Post('email')
  @Authenticated()
  @UseGuards(CsrfGuard)
  async changeEmail(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    const form = validateForm(ChangeEmailFormDto, body);
    if (!form.ok) return this.renderAccount(req, reply, { emailErrors: form.errors, email: form.fields.email }, 400);
    try {
      await this.emailChange.request(req.principal!.user, form.value, req.ip, this.pages.language(req));
    } catch (error) {
      const { status, errors } = this.problems(error, reply);
      return this.renderAccount(req, reply, { emailErrors: errors, email: form.value.email }, status);
    }
    await this.renderAccount(req, reply, { notice: 'account-email-change-sent', noticeEmail: form.value.email });
  }

  @Post('profile')
  @Authenticated()
  @UseGuards(CsrfGuard)
  async profile(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    const form = validateForm(UpdateProfileFormDto, body);
    if (!form.ok) return this.renderAccount(req, reply, { profileErrors: form.errors }, 400);
    try {
      const { realName, language } = form.value;
      const updated = await this.settings.updateProfile(req.principal!.user, { realName, language }, req.ip);
      // The answer is already in the language just chosen: this request's principal (read-only, and
      // possibly shared) is replaced by one with the saved account, not changed.
      req.principal = { ...req.principal!, user: updated };
    } catch (error) {
      const { status, errors } = this.problems(error, reply);
      return this.renderAccount(req, reply, { profileErrors: errors }, status);
    }
    await this.renderAccount(req, reply, { notice: 'account-profile-saved' });
  }

  @Public()
  @Get('email/confirm')
  @Writes()
  async confirmEmail(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token?: unknown,
  ): Promise<void> {
    if (typeof token !== 'string' || token.length > 4096)
      throw AppError.badRequest('This link is invalid or has expired.');
    const user = await this.emailChange.confirm(token, req.ip);
    await this.pages.render(req, reply, 'account-email-changed.hbs', {
      titleKey: 'account-email-changed-title',
      email: user.email,
    });
  }

  @Get('password')
  @Authenticated({ redirectToLogin: true })
  async passwordForm(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderPassword(req, reply, []);
  }

  @Post('password')
  @Authenticated()
  @UseGuards(CsrfGuard)
  async changePassword(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    const form = validateForm(ChangePasswordFormDto, body);
    if (!form.ok) return this.renderPassword(req, reply, form.errors, 400);
    const { currentPassword, newPassword, newPasswordConfirm } = form.value;
    if (newPassword !== newPasswordConfirm)
      return this.renderPassword(req, reply, [{ field: 'newPasswordConfirm', message: 'is not the same' }], 400);
    try {
      await this.settings.changePassword(req.principal!.user, { currentPassword, newPassword }, req, reply);
    } catch (error) {
      const { status, errors } = this.problems(error, reply);
      return this.renderPassword(req, reply, errors, status);
    }
    await this.renderAccount(req, reply, { notice: 'account-password-changed' });
  }

  @Get('sessions')
  @Authenticated({ redirectToLogin: true })
  async sessionList(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderSessions(req, reply);
  }

  /** "Log out everywhere else": every session of the account but this one. */
  @Post('sessions/others')
  @Authenticated()
  @UseGuards(CsrfGuard)
  async endOthers(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.settings.endOtherSessions(req.principal!.user, this.cookie.read(req), req.ip);
    await this.renderSessions(req, reply, 'account-sessions-others-ended');
  }

  /** "End this session", for one row; the current session's row is a logout. */
  @Post('sessions/end')
  @Authenticated()
  @UseGuards(CsrfGuard)
  async endOne(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    const handle = (body as { handle?: unknown } | undefined)?.handle;
    if (typeof handle !== 'string')
      throw AppError.badRequest('Which session?', [{ field: 'handle', message: 'is required' }]);
    const ended = await this.settings.endSession(req.principal!.user, handle, this.cookie.read(req), req.ip);
    if (ended.current) {
      this.cookie.clear(reply);
      await reply.code(303).redirect('/');
      return;
    }
    await this.renderSessions(req, reply, 'account-sessions-one-ended');
  }

  /** 429 and server errors go to the error page (formProblems); a 429 keeps its Retry-After. */
  private problems(error: unknown, reply: FastifyReply): { status: number; errors: Problems } {
    reply.headers(toErrorResponse(error).headers);
    return formProblems(error);
  }

  private async renderAccount(
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: string; noticeEmail?: string; emailErrors?: Problems; profileErrors?: Problems; email?: string },
    status = 200,
  ): Promise<void> {
    const user = await this.users.getById(req.principal!.user.id);
    await this.pages.render(
      req,
      reply,
      'account.hbs',
      {
        titleKey: 'account-title',
        account: accountView(user),
        languages: this.languageChoices(user),
        ...extra,
        // The errors partial and helpers read `errors`: the form that failed is the one that has them.
        errors: extra.emailErrors ?? extra.profileErrors,
      },
      status,
    );
  }

  private async renderPassword(req: FastifyRequest, reply: FastifyReply, errors: Problems, status = 200) {
    await this.pages.render(req, reply, 'account-password.hbs', { titleKey: 'account-password-title', errors }, status);
  }

  private async renderSessions(req: FastifyRequest, reply: FastifyReply, notice?: string): Promise<void> {
    const listed = await this.sessions.listForUser(req.principal!.user.id, this.cookie.read(req));
    const rows = listed.map((s) => ({
      handle: s.handle,
      device: deviceName(s.userAgent),
      ip: s.ip,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt ?? s.createdAt,
      current: s.current,
    }));
    await this.pages.render(req, reply, 'account-sessions.hbs', {
      titleKey: 'account-sessions-title',
      sessions: rows,
      others: rows.some((s) => !s.current),
      notice,
    });
  }

  /** Each language by its own name ("Deutsch"), which needs no translation; the account's is selected. */
  private languageChoices(user: User): { code: string; name: string; selected: boolean }[] {
    return this.messages.languages.map((code) => ({
      code,
      name: languageName(code),
      selected: code === user.language,
    }));
  }
}

function accountView(user: User) {
  return {
    username: user.username,
    email: user.email,
    emailVerified: user.emailVerified,
    realName: user.realName,
    language: user.language ? languageName(user.language) : null,
  };
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
