import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error';
import { toErrorResponse } from '../common/errors/error-response';
import { validateForm } from '../common/http/forms';
import { safeReturnTo } from '../common/http/safe-return-to';
import { ReadsOnly } from '../common/read-only/read-only.decorators';
import { User } from '../users/user.entity';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { Public } from '../principal/route-rules.decorators';
import { LoginFormDto } from './dto/login-form.dto';
import { LocalAuthGuard } from './local-auth.guard';
import { LoginApplication } from './login-application.service';
import { SessionLogin } from './session-login.service';

/** The login form for people, and logout. */
@ApiExcludeController()
@Controller()
export class LoginController {
  constructor(
    private readonly pages: PagesService,
    private readonly sessionLogin: SessionLogin,
    private readonly application: LoginApplication,
  ) {}

  @Public()
  @Get('login')
  async form(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('returnTo') returnTo?: string,
    @Query('reset') reset?: unknown,
  ): Promise<void> {
    // After a password reset (docs/security.md#forgot-password): say so; the person logs in anew.
    const noticeKey = reset === 'done' ? 'reset-done' : undefined;
    const safe = safeReturnTo(returnTo);
    await this.pages.render(req, reply, 'login.hbs', {
      titleKey: 'login-title',
      returnTo: safe,
      noticeKey,
      app: await this.application.nameFor(safe),
    });
  }

  // CSRF first: a forged login must fail before any password is hashed or throttle counted.
  // Sessions are not the data read-only mode keeps (docs/operations.md#read-only-mode).
  @Public()
  @Post('login')
  @ReadsOnly()
  @UseGuards(CsrfGuard, LocalAuthGuard)
  async login(
    @Req() req: FastifyRequest & { user?: User | null },
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const form = validateForm(LoginFormDto, body);
    const returnTo = safeReturnTo(form.ok ? form.value.returnTo : undefined);
    const failure = req.loginError ?? (form.ok ? undefined : AppError.badRequest('The form is invalid.', form.errors));
    if (failure || !req.user) {
      const problem = failure ?? AppError.badRequest('Enter your username and password.');
      const { status, body: error, headers } = toErrorResponse(problem);
      // Not the form's fault (a database away): the exception filter answers it, and logs it.
      if (status >= 500) throw problem instanceof Error ? problem : new Error('Login failed', { cause: problem });
      const username = form.ok ? form.value.username : (form.fields.username ?? '');
      // A lockout's Retry-After (RFC 9110 §10.2.3) goes on the page as it does on any 429.
      reply.headers(headers);
      return this.pages.render(
        req,
        reply,
        'login.hbs',
        {
          titleKey: 'login-title',
          error: error.message,
          username,
          returnTo,
          app: await this.application.nameFor(returnTo),
        },
        status,
      );
    }
    await this.sessionLogin.start(req, reply, req.user);
    await reply.code(303).redirect(returnTo);
  }

  @Public()
  @Post('logout')
  @ReadsOnly()
  @UseGuards(CsrfGuard)
  @HttpCode(303)
  async logout(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    await this.sessionLogin.end(req, reply);
    // The consent page's "not you?" comes back to its authorization step, which asks for a login.
    await reply.code(303).redirect(safeReturnTo((body as { returnTo?: unknown } | undefined)?.returnTo));
  }
}
