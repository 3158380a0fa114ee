import { Injectable } from '@nestjs/common';
import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { chooseLanguage } from '../catalog/language';
import { Messages } from '../catalog/messages';
import { AppConfig } from '../common/config/app-config.service';
import { CsrfService } from './csrf.service';
import { MAIN_LAYOUT } from './view-engine';

/** Renders a page with what every page needs: a CSRF token, who is logged in, site settings. */
@Injectable()
export class PagesService {
  constructor(
    private readonly csrf: CsrfService,
    private readonly config: AppConfig,
    private readonly messages: Messages,
  ) {}

  /** The language this request's pages (and the mail it sends) are in: the account's, then the browser's. */
  language(request: FastifyRequest): string {
    return chooseLanguage(
      this.messages.languages,
      request.principal?.user.language,
      request.headers['accept-language'],
    );
  }

  /** One sentence in the request's language (for flash messages and errors built in code). */
  text(request: FastifyRequest, key: string, params: Record<string, unknown> = {}): string {
    return this.messages.text(this.language(request), key, params);
  }

  async render(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown> = {},
    status = 200,
    options: { layout?: string } = {},
  ): Promise<void> {
    const csrfToken = this.csrf.issue(request, reply);
    const lang = this.language(request);
    const user = request.principal?.user;
    await reply
      .code(status)
      .header('Cache-Control', 'no-store')
      .header('Content-Language', lang)
      .header('Vary', 'Accept-Language, Cookie')
      .view(
        template,
        {
          ...context,
          lang,
          csrfToken,
          currentUser: user
            ? {
                username: user.username,
                emailVerified: user.emailVerified,
                hasEmail: Boolean(user.email),
                canPropose: request.principal!.rights.has('mwoauthproposeconsumer'),
                canManage: request.principal!.rights.has('mwoauthmanageconsumer'),
                canAdminUsers: request.principal!.rights.has('userrights'),
                canViewAudit: request.principal!.rights.has('mwoauthviewprivate'),
              }
            : undefined,
          allowRegistration: this.config.allowRegistration,
        },
        { layout: options.layout ?? MAIN_LAYOUT },
      );
  }
}
