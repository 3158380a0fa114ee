import { Body, Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorDetail } from '../common/errors/app-error';
import { toErrorResponse } from '../common/errors/error-response';
import { validateForm } from '../common/http/forms';
import { usernameKey } from '../users/username';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { Public } from '../principal/route-rules.decorators';
import { ForgotPasswordFormDto } from './dto/forgot-password-form.dto';
import { ResetPasswordFormDto } from './dto/reset-password-form.dto';
import { PasswordResetService, RESET_LIFETIME_MS } from './password-reset.service';

/** "Forgot password": ask for a link, then choose a new password with it (docs/security.md#forgot-password). */
@ApiExcludeController()
@Controller()
export class PasswordResetController {
  constructor(
    private readonly pages: PagesService,
    private readonly resets: PasswordResetService,
  ) {}

  @Public()
  @Get('forgot-password')
  async form(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.render(req, reply, 'forgot-password.hbs', { titleKey: 'reset-request-title' });
  }

  /** The same page, words and status whether the account exists, is locked, unconfirmed or over a mail limit. */
  @Public()
  @Post('forgot-password')
  @UseGuards(CsrfGuard)
  async request(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown): Promise<void> {
    const form = validateForm(ForgotPasswordFormDto, body);
    const page = (context: Record<string, unknown>, status = 200) =>
      this.pages.render(req, reply, 'forgot-password.hbs', { titleKey: 'reset-request-title', ...context }, status);
    if (!form.ok) return page({ errors: form.errors }, 400);
    try {
      await this.resets.limitRequests(req.ip);
    } catch (error) {
      const { status, headers } = toErrorResponse(error);
      if (status !== 429) throw error;
      reply.headers(headers); // Retry-After (RFC 6585 §4)
      return page({ error: this.pages.text(req, 'reset-too-many') }, 429);
    }
    this.resets.request(form.value.account, req.ip, this.pages.language(req));
    return page({ sent: true, minutes: RESET_LIFETIME_MS / 60_000 });
  }

  @Public()
  @Get('reset-password')
  async resetForm(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('token') token: unknown,
  ): Promise<void> {
    if (!(await this.resets.accountOf(token))) return this.invalid(req, reply);
    await this.pages.render(req, reply, 'reset-password.hbs', { titleKey: 'reset-password-title', token });
  }

  /** Nothing changes unless the link is usable and the new password follows the rules; no login follows. */
  @Public()
  @Post('reset-password')
  @UseGuards(CsrfGuard)
  async reset(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
    @Query('token') queryToken: unknown,
  ): Promise<void> {
    const bodyToken = (typeof body === 'object' && body !== null ? (body as { token?: unknown }) : {}).token;
    const token = bodyToken ?? queryToken;
    if (typeof token !== 'string' || token.length > 128) return this.invalid(req, reply);
    let ticket;
    try {
      ticket = await this.resets.reserveSubmit(req.ip);
    } catch (error) {
      const { status, headers } = toErrorResponse(error);
      if (status !== 429) throw error;
      reply.headers(headers);
      return this.invalid(req, reply, 429, 'reset-too-many');
    }
    const user = await this.resets.accountOf(token);
    if (!user) return this.invalid(req, reply);
    await ticket.release(); // a usable link: this submission was not a guess
    const again = (errors: ErrorDetail[]) =>
      this.pages.render(req, reply, 'reset-password.hbs', { titleKey: 'reset-password-title', token, errors }, 400);
    const form = validateForm(ResetPasswordFormDto, body);
    if (!form.ok) return again(form.errors);
    const { password } = form.value;
    if (usernameKey(password) === user.usernameKey)
      return again([{ field: 'password', message: this.pages.text(req, 'reset-password-is-username') }]);
    if (!(await this.resets.reset(token, password, req.ip))) return this.invalid(req, reply);
    await reply.code(303).redirect('/login?reset=done');
  }

  private invalid(req: FastifyRequest, reply: FastifyReply, status = 400, messageKey = 'reset-invalid') {
    return this.pages.render(req, reply, 'reset-password.hbs', { titleKey: 'reset-invalid-title', messageKey }, status);
  }
}
