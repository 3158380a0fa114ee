import { Injectable } from '@nestjs/common';
import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../common/config/app-config.service';
import { CsrfService } from './csrf.service';
import { MAIN_LAYOUT } from './view-engine';

/** Renders a page with what every page needs: a CSRF token, who is logged in, site settings. */
@Injectable()
export class PagesService {
  constructor(
    private readonly csrf: CsrfService,
    private readonly config: AppConfig,
  ) {}

  async render(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown> = {},
    status = 200,
    options: { layout?: string } = {},
  ): Promise<void> {
    const csrfToken = this.csrf.issue(request, reply);
    const user = request.principal?.user;
    await reply
      .code(status)
      .header('Cache-Control', 'no-store')
      .view(
        template,
        {
          ...context,
          csrfToken,
          currentUser: user
            ? {
                username: user.username,
                emailVerified: user.emailVerified,
                hasEmail: Boolean(user.email),
                canPropose: request.principal!.rights.has('mwoauthproposeconsumer'),
                canManage: request.principal!.rights.has('mwoauthmanageconsumer'),
              }
            : undefined,
          allowRegistration: this.config.allowRegistration,
        },
        { layout: options.layout ?? MAIN_LAYOUT },
      );
  }
}
