import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { toProtocolRequest } from '../common/http/protocol-request';
import { ConsentPage } from '../web/consent-page';
import { CsrfService } from '../web/csrf.service';
import { PagesService } from '../web/pages.service';
import { callbackTarget } from '../protocol/oauth1';
import { IdentifyService } from './identify.service';
import { Entry } from '../access/facts';
import { E } from './oauth1-errors';
import { asOAuth1Error } from './oauth1-refusals';
import { OAuth1Service } from './oauth1.service';

type Params = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The access policy's refusals, as OAuth 1.0a answers them at this step (docs/security.md "Reason codes"). */
const refusedAt =
  (entry: Entry) =>
  (error: unknown): never => {
    throw asOAuth1Error(error, entry);
  };

/**
 * The OAuth 1.0a endpoints as request → response steps, shared by the native routes
 * (`/oauth1/*`) and MediaWiki's addresses (`Special:OAuth/*`), so both behave the same.
 */
@Injectable()
export class OAuth1Endpoints {
  constructor(
    private readonly config: AppConfig,
    private readonly oauth1: OAuth1Service,
    private readonly identifyService: IdentifyService,
    private readonly consent: ConsentPage,
    private readonly pages: PagesService,
    private readonly csrf: CsrfService,
  ) {}

  async initiate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const values = await this.oauth1
      .initiate(toProtocolRequest(req, this.config.publicOrigin))
      .catch(refusedAt('oauth1.initiate'));
    await this.sendCredentials(req, reply, values);
  }

  async token(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const values = await this.oauth1
      .token(toProtocolRequest(req, this.config.publicOrigin))
      .catch(refusedAt('oauth1.token'));
    await this.sendCredentials(req, reply, values);
  }

  /**
   * The body is the bare JWT, labelled as what it is: application/jwt, where MediaWiki said JSON
   * (docs/mediawiki-compatibility.md#identify).
   */
  async identify(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const jwt = await this.identifyService
      .identify(toProtocolRequest(req, this.config.publicOrigin))
      .catch(refusedAt('resource'));
    await reply.code(200).header('Cache-Control', 'no-store').type('application/jwt').send(jwt);
  }

  /**
   * Leg 2, GET: the consent page (or, for `authenticate`, straight on when MediaWiki's rule allows:
   * docs/mediawiki-compatibility.md#consent).
   */
  async authorizePage(
    req: FastifyRequest,
    reply: FastifyReply,
    params: Params,
    authenticate: boolean,
    formAction: string,
  ): Promise<void> {
    const user = this.requireUser(req);
    const token = str(params.oauth_token) ?? str(params.requestToken);
    const pending = await this.oauth1
      .pendingConsent(token, str(params.oauth_consumer_key) ?? str(params.consumerKey), user)
      .catch(refusedAt('oauth1.authorize'));
    if (authenticate && (await this.oauth1.canSkipConsent(pending, user))) {
      await reply.code(303).redirect(await this.oauth1.allow(pending, user, { reuseAuthorization: true }));
      return;
    }
    await this.consent.render(req, reply, {
      consumer: pending.consumer,
      grants: pending.consumer.grants,
      action: formAction,
      fields: { oauth_token: pending.token },
      // Where the browser will really go: with a prefix callback, possibly another origin than the registered one.
      callbackUrl: callbackTarget(pending.record.callback, pending.consumer.callbackUrl),
      popup: params.display === 'popup',
    });
  }

  /** Leg 2, POST: Allow sends the browser to the callback; Cancel says so and sends nothing. */
  async authorizeDecision(req: FastifyRequest, reply: FastifyReply, params: Params): Promise<void> {
    const user = this.requireUser(req);
    this.csrf.verify(req);
    const pending = await this.oauth1
      .pendingConsent(str(params.oauth_token), undefined, user)
      .catch(refusedAt('oauth1.authorize'));
    if (params.decision !== 'allow') {
      await this.pages.render(req, reply, 'message.hbs', {
        titleKey: 'consent-cancelled-title',
        messageKey: 'consent-cancelled',
      });
      return;
    }
    await reply.code(303).redirect(await this.oauth1.allow(pending, user));
  }

  /** The callback of out-of-band and owner-only consumers: shows the verifier (MediaWiki's Special:OAuth/verified). */
  async verified(req: FastifyRequest, reply: FastifyReply, params: Params): Promise<void> {
    const verifier = str(params.oauth_verifier);
    const token = str(params.oauth_token);
    if (!verifier || !token || !/^[0-9a-f]{32}$/.test(verifier) || !/^[0-9a-f]{32}$/.test(token))
      throw E.missingVerifiedParams();
    await this.pages.render(req, reply, 'oauth1-verified.hbs', { titleKey: 'oauth1-verified-title', verifier, token });
  }

  private requireUser(req: FastifyRequest) {
    const principal = req.principal;
    if (!principal) {
      if (req.method === 'GET') throw AppError.loginRequired(req.url);
      throw AppError.unauthorized('Log in to authorize applications.');
    }
    return principal.user;
  }

  /** RFC 5849 §2.1: form-encoded; `format=json` as MediaWiki also offers, with its B/C `key`/`secret`. */
  private async sendCredentials(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
  ): Promise<void> {
    reply.code(200).header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    if ((req.query as Params | undefined)?.format === 'json') {
      await reply
        .type('application/json; charset=utf-8')
        .send({ ...values, key: values.oauth_token, secret: values.oauth_token_secret });
      return;
    }
    await reply.type('application/x-www-form-urlencoded').send(new URLSearchParams(values).toString());
  }
}
