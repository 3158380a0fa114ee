import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Consumer } from '../consumers/consumer.entity';
import { GrantCatalog } from '../catalog/grant-catalog';
import { PagesService } from './pages.service';

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
    const grants = input.grants.map((name) => this.catalog.describe(name)).filter((g) => g !== undefined && !g.hidden);
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
        grants,
        identityOnly: grants.length > 0 && grants.every((g) => g!.authOnly),
        noGrants: grants.length === 0,
        privateInfo: this.catalog.seesPrivateInfo(input.grants),
        action: input.action,
        fields: Object.entries(input.fields).map(([name, value]) => ({ name, value })),
      },
      200,
      input.popup ? { layout: 'layouts/popup.hbs' } : {},
    );
  }
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
