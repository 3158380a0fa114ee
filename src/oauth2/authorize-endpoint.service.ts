import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Principal } from '../auth/principal';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { StaticConsumers } from '../consumers/static/static-consumers.service';
import { GrantCatalog } from '../grants/grant-catalog';
import { appendQuery, isValidCodeChallenge, OAuth2ProtocolError, parseChallengeMethod, parseScope, redirectUriMatches } from '../protocol/oauth2';
import { ConsentPage } from '../web/consent-page';
import { CsrfService } from '../web/csrf.service';
import { AuthorizationCodes } from './authorization-codes';

type Params = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface ValidRequest {
  consumer: Consumer;
  redirectUri: string;
  requestedRedirectUri?: string;
  state?: string;
  grants: string[];
  openid: boolean;
  challenge?: string;
  challengeMethod?: string;
  nonce?: string;
  display?: string;
}

/**
 * `GET /oauth2/authorize` (RFC 6749 §4.1.1, RFC 7636, RFC 9207; reference 1.6): an unknown client
 * or a bad redirect URI gets an error page and never a redirect (RFC 6749 §4.1.2.1); every other
 * error goes back to the client with `error`, `state` and `iss`.
 */
@Injectable()
export class AuthorizeEndpoint {
  constructor(
    private readonly config: AppConfig,
    private readonly lookup: ConsumerLookup,
    private readonly authorizations: AuthorizationsService,
    private readonly codes: AuthorizationCodes,
    private readonly consent: ConsentPage,
    private readonly csrf: CsrfService,
    private readonly grants: GrantCatalog,
    private readonly statics: StaticConsumers,
  ) {}

  async begin(req: FastifyRequest, reply: FastifyReply, params: Params, formAction: string): Promise<void> {
    const client = await this.client(params);
    await this.redirecting(reply, client, async () => {
      const valid = this.validate(params, client);
      const principal = this.userOrLogin(req);
      this.checkUser(principal, valid.consumer);
      if (await this.canSkip(principal, valid)) return this.issue(valid, principal);
      await this.consent.render(req, reply, {
        consumer: valid.consumer, grants: this.authorizations.grantsFor(valid.consumer, valid.grants), action: formAction,
        fields: Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
        callbackUrl: valid.redirectUri, popup: valid.display === 'popup',
      });
      return undefined;
    });
  }

  async decide(req: FastifyRequest, reply: FastifyReply, params: Params): Promise<void> {
    const client = await this.client(params);
    this.csrf.verify(req);
    await this.redirecting(reply, client, async () => {
      const valid = this.validate(params, client);
      const principal = req.principal;
      if (!principal) throw AppError.unauthorized('Log in to authorize applications.');
      if (params.decision !== 'allow') throw OAuth2ProtocolError.accessDenied('The user did not allow the request.');
      this.checkUser(principal, valid.consumer);
      return this.issue(valid, principal);
    });
  }

  /** Runs `step`; a protocol error, or a code, becomes a 303 to the client's redirect URI. */
  private async redirecting(reply: FastifyReply, client: { redirectUri: string; state?: string }, step: () => Promise<Record<string, string> | undefined>): Promise<void> {
    let result: Record<string, string> | undefined;
    try {
      result = await step();
    } catch (error) {
      if (!(error instanceof OAuth2ProtocolError)) throw error;
      result = { error: error.error, error_description: error.description };
    }
    if (!result) return;
    await reply.code(303).header('Cache-Control', 'no-store')
      .redirect(appendQuery(client.redirectUri, { ...result, state: client.state, iss: this.config.publicUrl }));
  }

  /**
   * The client and where errors may go; failures here are pages, not redirects. Read through the
   * hot-path cache, as the token endpoint reads it: any write to consumers drops it at once (other
   * instances' within a second), so a disabled client is refused on the next request.
   */
  private async client(params: Params): Promise<{ consumer: Consumer; redirectUri: string; requestedRedirectUri?: string; state?: string }> {
    const consumer = await this.lookup.findByKeyCached(str(params.client_id) ?? '');
    if (!consumer || consumer.deleted || consumer.oauthVersion !== 2) throw new AppError(400, 'invalid_client', 'Unknown client: check client_id.');
    const requested = str(params.redirect_uri);
    if (requested !== undefined && !redirectUriMatches(requested, consumer.callbackUrl)) {
      throw new AppError(400, 'invalid_redirect_uri', 'The redirect_uri is not the one registered for this client.');
    }
    // Cancel and errors go to the registered URI when none was requested (reference quirk 9 fixed).
    return { consumer, redirectUri: requested ?? consumer.callbackUrl, requestedRedirectUri: requested, state: str(params.state) };
  }

  private validate(params: Params, client: { consumer: Consumer; redirectUri: string; requestedRedirectUri?: string; state?: string }): ValidRequest {
    const { consumer } = client;
    for (const [name, value] of Object.entries(params)) if (Array.isArray(value)) throw OAuth2ProtocolError.invalidRequest(`The parameter ${name.slice(0, 40)} is repeated.`);
    if (params.response_type !== 'code') throw OAuth2ProtocolError.unsupportedResponseType('Only response_type=code is supported.');
    if (!(consumer.oauth2GrantTypes ?? []).includes('authorization_code')) throw OAuth2ProtocolError.unauthorizedClient('This client may not use the authorization code grant.');
    const challenge = str(params.code_challenge);
    const method = challenge ? parseChallengeMethod(str(params.code_challenge_method), this.config.oauth2.allowPlainPkce) : undefined;
    if (challenge && !isValidCodeChallenge(challenge, method)) throw OAuth2ProtocolError.invalidRequest('code_challenge is malformed.');
    if (!challenge && !consumer.oauth2IsConfidential) throw OAuth2ProtocolError.invalidRequest('Code challenge must be provided for public clients (PKCE, RFC 7636).');
    const scopes = parseScope(str(params.scope));
    const openid = scopes?.includes('openid') ?? false;
    const asked = scopes?.filter((s) => s !== 'openid');
    const unknown = (asked ?? []).filter((s) => this.grants.canonical(s) === undefined);
    if (unknown.length > 0) throw OAuth2ProtocolError.invalidScope(`Unknown scope: ${unknown.join(' ')}.`);
    // Reference 1.6 step 4: no scope = all the client's grants; otherwise requested ∩ client grants
    // (so `scope=openid` alone asks to sign in, with only the irrevocable grants).
    const grants = asked === undefined ? [...consumer.grants] : this.authorizations.grantsFor(consumer, asked);
    const nonce = str(params.nonce);
    if (nonce !== undefined && nonce.length > 512) throw OAuth2ProtocolError.invalidRequest('nonce is too long.');
    return {
      ...client, grants, openid, challenge, challengeMethod: method, nonce, display: str(params.display),
    };
  }

  private userOrLogin(req: FastifyRequest): Principal {
    if (!req.principal) throw AppError.loginRequired(req.url);
    return req.principal;
  }

  private checkUser(principal: Principal, consumer: Consumer): void {
    const { user } = principal;
    if (user.blocked || user.locked) throw OAuth2ProtocolError.accessDenied('Blocked or locked accounts cannot authorize applications.');
    if (consumer.ownerOnly || !this.authorizations.isUsableBy(consumer, user.id)) throw OAuth2ProtocolError.accessDenied('This client is not usable by you.');
  }

  /** Reference 1.6 step 6 / 10: an authorization covering every requested grant, or a configured skipAuthorization. */
  private async canSkip(principal: Principal, valid: ValidRequest): Promise<boolean> {
    if (this.statics.get(valid.consumer.consumerKey)?.skipAuthorization) return true;
    const existing = await this.authorizations.findFor(principal.user.id, valid.consumer.id, valid.consumer.wiki);
    return existing !== null && valid.grants.every((g) => existing.grants.includes(g));
  }

  private async issue(valid: ValidRequest, principal: Principal): Promise<Record<string, string>> {
    const existing = await this.authorizations.findFor(principal.user.id, valid.consumer.id, valid.consumer.wiki);
    const covered = existing !== null && valid.grants.every((g) => existing.grants.includes(g));
    // A new consent adds to what the user granted before; it does not silently take grants away.
    const requestedGrants = [...new Set([...(existing?.grants ?? []), ...valid.grants])];
    const authorization = covered ? existing : (await this.authorizations.authorize(principal.user, valid.consumer, { requestedGrants })).authorization;
    const scopes = valid.grants.filter((g) => authorization.grants.includes(g));
    const code = await this.codes.issue({
      clientId: valid.consumer.consumerKey, redirectUri: valid.requestedRedirectUri, userId: principal.user.id, authorizationId: authorization.id,
      scopes: valid.openid ? ['openid', ...scopes] : scopes, challenge: valid.challenge, challengeMethod: valid.challengeMethod, nonce: valid.nonce,
      authTime: principal.authTime ?? Math.floor(Date.now() / 1000),
    });
    return { code };
  }
}
