import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { Writes } from '../common/read-only/read-only.decorators';
import { toErrorResponse } from '../common/errors/error-response';
import { formProblems } from '../common/errors/form-problems';
import { validateForm } from '../common/http/forms';
import { safeReturnTo } from '../common/http/safe-return-to';
import { usernameKey } from '../users/username';
import { UsersService } from '../users/users.service';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { Authenticated, Public } from '../principal/route-rules.decorators';
import { RegisterFormDto } from './dto/register-form.dto';
import { EmailConfirmationService } from './email-confirmation.service';
import { LoginThrottle } from './login-throttle.service';
import { SessionLogin } from './session-login.service';

/** Self-service account creation (when ALLOW_REGISTRATION is true) and email confirmation. */
@ApiExcludeController()
@Controller()
export class RegisterController {
  constructor(
    private readonly config: AppConfig,
    private readonly pages: PagesService,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
    private readonly sessionLogin: SessionLogin,
    private readonly confirmation: EmailConfirmationService,
  ) {}

  @Public()
  @Get('register')
  async form(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('returnTo') returnTo?: string,
  ): Promise<void> {
    this.requireRegistration();
    await this.pages.render(req, reply, 'register.hbs', {
      titleKey: 'register-title',
      returnTo: safeReturnTo(returnTo),
      fields: {},
    });
  }

  @Public()
  @Post('register')
  @UseGuards(CsrfGuard)
  async register(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    this.requireRegistration();
    const form = validateForm(RegisterFormDto, body);
    const returnTo = safeReturnTo(
      form.ok ? form.value.returnTo : (body as { returnTo?: unknown } | undefined)?.returnTo,
    );
    const again = (errors: { field: string; message: string }[], fields: Record<string, string>, status = 400) =>
      this.pages.render(req, reply, 'register.hbs', { titleKey: 'register-title', errors, fields, returnTo }, status);
    if (!form.ok) return again(form.errors, form.fields);
    const { username, email, password } = form.value;
    try {
      await this.throttle.consumeRegistration(req.ip);
      // The mail is reserved before the account is written: a refusal (429) leaves no row behind.
      const mail = await this.confirmation.reserve(email, usernameKey(username), req.ip);
      const user = await this.users.create({ username, email, password }).catch(async (error: unknown) => {
        await mail.release(); // no account, so no mail: a taken name does not use up the address's mails
        throw error;
      });
      await this.sessionLogin.start(req, reply, user);
      await this.confirmation.send(user, this.pages.language(req));
    } catch (error) {
      const { status, errors } = formProblems(error);
      reply.headers(toErrorResponse(error).headers); // a 429's Retry-After
      return again(errors, { username, email }, status);
    }
    await reply.code(303).redirect(returnTo);
  }

  @Public()
  @Get('confirm-email')
  @Writes()
  async confirm(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('token') token?: string): Promise<void> {
    if (typeof token !== 'string' || token.length > 4096)
      throw AppError.badRequest('This confirmation link is invalid or has expired.');
    await this.confirmation.confirm(token);
    await this.pages.render(req, reply, 'message.hbs', {
      titleKey: 'confirm-email-title',
      messageKey: 'confirm-email-done',
    });
  }

  @Authenticated({ redirectToLogin: true })
  @Post('confirm-email/resend')
  @UseGuards(CsrfGuard)
  async resend(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.confirmation.resend(req.principal!.user, req.ip, this.pages.language(req));
    await this.pages.render(req, reply, 'message.hbs', {
      titleKey: 'confirm-email-title',
      messageKey: 'confirm-email-sent',
    });
  }

  private requireRegistration(): void {
    if (!this.config.allowRegistration) throw AppError.forbidden('Account creation is disabled on this server.');
  }
}
