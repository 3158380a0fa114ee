import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Consumer } from '../consumers/consumer.entity';
import { GrantCatalog } from '../catalog/grant-catalog';
import { grantsInWords } from './grant-descriptions';
import { PagesService } from './pages.service';
import { safeReturnTo } from '../common/http/safe-return-to';
import { withoutLoginRequest } from '../protocol/oauth2';

export interface ConsentInput {
  consumer: Consumer & { owner?: { username: string } };
  /** The grants the app will receive. */
  grants: string[];
  /** Where the form posts, and its hidden protocol fields. */
  action: string;
  fields: Record<string, string>;
  /** The client's callback: the form's redirect goes there, so CSP form-action must allow it. */
  callbackUrl: string;
  popup?: boolean;
}

/**
 * The consent page, one template for OAuth 1.0a and OAuth 2: who asks, for which target, each
 * grant in plain words with its risk, and Allow / Cancel. Chromium applies `form-action` to the
 * redirect after the POST, so the callback's origin is allowed there (and nothing else is).
 */
@Injectable()
export class ConsentPage {
  constructor(
    private readonly pages: PagesService,
    private readonly catalog: GrantCatalog,
  ) {}

  async render(request: FastifyRequest, reply: FastifyReply, input: ConsentInput): Promise<void> {
    const words = grantsInWords(this.catalog, input.grants);
    reply.header('Content-Security-Policy', consentCsp(input.callbackUrl));
    // display=popup (docs/mediawiki-compatibility.md#consent): the same page without the site's navigation.
    await this.pages.render(
      request,
      reply,
      'consent.hbs',
      {
        titleKey: 'consent-title',
        app: {
          name: input.consumer.name,
          version: input.consumer.version,
          owner: input.consumer.owner?.username ?? '',
          description: input.consumer.description,
        },
        target: input.consumer.wiki === '*' ? undefined : input.consumer.wiki,
        ...words,
        action: input.action,
        fields: Object.entries(input.fields).map(([name, value]) => ({ name, value })),
        loggedInAs: request.principal?.user.username,
        notYouReturnTo: notYouReturnTo(input),
      },
      200,
      input.popup ? { layout: 'layouts/popup.hbs' } : {},
    );
  }
}

/**
 * "Not you?" logs out and comes back to this authorization step (a GET of the form's target with
 * its fields), which then asks for a login. The login asked for here is that fresh one, so
 * `prompt=login` and `max_age` are dropped (OIDC Core §3.1.2.1), as the login redirect does.
 */
function notYouReturnTo(input: ConsentInput): string {
  const query = new URLSearchParams(input.fields).toString();
  return safeReturnTo(withoutLoginRequest(query === '' ? input.action : `${input.action}?${query}`));
}

function consentCsp(callbackUrl: string): string {
  let origin = '';
  try {
    const url = new URL(callbackUrl);
    // Custom-scheme callbacks (native apps) are allowed by scheme.
    origin = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  } catch {
    origin = '';
  }
  const csp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    `form-action 'self' ${origin}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`;
  return csp.replace('  ', ' ');
}
