import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessPolicy, Refused } from '../access/access-policy';
import { Principal } from '../principal/principal';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { StaticConsumers } from '../consumers/static/static-consumers.service';
import { GrantCatalog } from '../catalog/grant-catalog';
import {
  appendQuery,
  AuthenticationRequest,
  grantsOf,
  isValidCodeChallenge,
  mustLogIn,
  OAuth2ProtocolError,
  OPENID_SCOPE,
  parseAuthenticationRequest,
  parseChallengeMethod,
  parseScope,
  redirectUriMatches,
  shownValue,
  shownValues,
  withoutLoginRequest,
} from '../protocol/oauth2';
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
  /** OpenID Connect `prompt` and `max_age`. */
  authentication: AuthenticationRequest;
}

/** The page for a client the browser must not be sent to (docs/security.md "Reason codes"). */
function untrustedClient(refused: Refused, returnTo: string): AppError {
  switch (refused.reason) {
    // A proposed client may be tested by its owner, who is known once logged in.
    case 'login_required':
      return AppError.loginRequired(returnTo);
    case 'consumer_not_approved':
      return new AppError(403, 'unauthorized_client', refused.detail);
    case 'consumer_owner_only':
      return new AppError(
        400,
        'unauthorized_client',
        'This owner-only application has no browser flow: it uses its own access token.',
      );
    default:
      return new AppError(400, 'invalid_client', 'Unknown client: check client_id.');
  }
}

/**
 * `GET /oauth2/authorize` (RFC 6749 §4.1.1, RFC 7636, RFC 9207): a client the access policy does
 * not trust, or a bad redirect URI, gets an error page and never a redirect (RFC 6749 §4.1.2.1);
 * every other error goes back to the trusted client with `error`, `state` and `iss`.
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
    private readonly policy: AccessPolicy,
  ) {}

  async begin(req: FastifyRequest, reply: FastifyReply, params: Params, formAction: string): Promise<void> {
    const client = await this.client(req, params);
    await this.redirecting(reply, client, async () => {
      const valid = this.validate(params, client);
      const principal = this.loggedIn(req, valid.authentication);
      this.checkUser(principal, valid.consumer);
      if (await this.canSkip(principal, valid)) return this.issue(valid, principal);
      // OIDC Core §3.1.2.1: prompt=none shows no page, so the client hears that consent is missing.
      if (valid.authentication.prompt.has('none'))
        throw OAuth2ProtocolError.consentRequired('The user has not authorized this request.');
      await this.consent.render(req, reply, {
        consumer: valid.consumer,
        grants: this.authorizations.grantsFor(valid.consumer, valid.grants),
        action: formAction,
        fields: Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === 'string')) as Record<
          string,
          string
        >,
        callbackUrl: valid.redirectUri,
        popup: valid.display === 'popup',
      });
      return undefined;
    });
  }

  async decide(req: FastifyRequest, reply: FastifyReply, params: Params): Promise<void> {
    const client = await this.client(req, params);
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
  private async redirecting(
    reply: FastifyReply,
    client: { redirectUri: string; state?: string },
    step: () => Promise<Record<string, string> | undefined>,
  ): Promise<void> {
    let result: Record<string, string> | undefined;
    try {
      result = await step();
    } catch (error) {
      if (!(error instanceof OAuth2ProtocolError)) throw error;
      result = { error: error.error, error_description: error.description };
    }
    if (!result) return;
    await reply
      .code(303)
      .header('Cache-Control', 'no-store')
      .redirect(appendQuery(client.redirectUri, { ...result, state: client.state, iss: this.config.publicUrl }));
  }

  /**
   * The client and where errors may go. The access policy decides first whether this browser may
   * be sent to the client at all: an unknown, unapproved, rejected, expired, disabled, suppressed
   * or owner-only client, or a proposed one for anyone but its owner, gets our own page and never
   * a redirect (RFC 6749 §4.1.2.1), and so does a redirect URI that is not the registered one.
   * Read through the hot-path cache, as the token endpoint reads it: any write to consumers drops
   * it at once (other instances' within a second), so a disabled client is refused on the next request.
   */
  private async client(
    req: FastifyRequest,
    params: Params,
  ): Promise<{ consumer: Consumer; redirectUri: string; requestedRedirectUri?: string; state?: string }> {
    const found = await this.lookup.findByKeyCached(str(params.client_id) ?? '');
    const trust = this.policy.decide({
      use: { entry: 'oauth2.redirect' },
      user: req.principal?.user ?? null,
      consumer: found,
    });
    if (!trust.allowed) throw untrustedClient(trust, withoutLoginRequest(req.url));
    const consumer = found!;
    const requested = str(params.redirect_uri);
    if (requested !== undefined && !redirectUriMatches(requested, consumer.callbackUrl)) {
      throw new AppError(400, 'invalid_redirect_uri', 'The redirect_uri is not the one registered for this client.');
    }
    // Cancel and errors go to the registered URI when none was requested, where MediaWiki showed an
    // error page (docs/mediawiki-compatibility.md#callbacks).
    return {
      consumer,
      redirectUri: requested ?? consumer.callbackUrl,
      requestedRedirectUri: requested,
      state: str(params.state),
    };
  }

  private validate(
    params: Params,
    client: { consumer: Consumer; redirectUri: string; requestedRedirectUri?: string; state?: string },
  ): ValidRequest {
    const { consumer } = client;
    for (const [name, value] of Object.entries(params)) {
      if (Array.isArray(value))
        throw OAuth2ProtocolError.invalidRequest(`The parameter ${shownValue(name)} is repeated.`);
    }
    if (params.response_type !== 'code')
      throw OAuth2ProtocolError.unsupportedResponseType('Only response_type=code is supported.');
    const refused = this.policy.checkClient({ entry: 'oauth2.authorize' }, consumer);
    if (refused) throw OAuth2ProtocolError.unauthorizedClient(refused.detail);
    const challenge = str(params.code_challenge);
    const method = challenge
      ? parseChallengeMethod(str(params.code_challenge_method), this.config.oauth2.allowPlainPkce)
      : undefined;
    if (challenge && !isValidCodeChallenge(challenge, method))
      throw OAuth2ProtocolError.invalidRequest('code_challenge is malformed.');
    if (!challenge && !consumer.oauth2IsConfidential)
      throw OAuth2ProtocolError.invalidRequest('Code challenge must be provided for public clients (PKCE, RFC 7636).');
    const scopes = parseScope(str(params.scope));
    const openid = scopes?.includes(OPENID_SCOPE) ?? false;
    const asked = scopes && grantsOf(scopes);
    const unknown = (asked ?? []).filter((s) => this.grants.canonical(s) === undefined);
    if (unknown.length > 0) throw OAuth2ProtocolError.invalidScope(`Unknown scope: ${shownValues(unknown)}.`);
    // As in MediaWiki (docs/mediawiki-compatibility.md#consent): no scope = all the client's
    // grants; otherwise requested ∩ client grants (so `scope=openid` alone asks to sign in, with
    // only the irrevocable grants).
    const grants = asked === undefined ? [...consumer.grants] : this.authorizations.grantsFor(consumer, asked);
    const nonce = str(params.nonce);
    if (nonce !== undefined && nonce.length > 512) throw OAuth2ProtocolError.invalidRequest('nonce is too long.');
    const authentication = parseAuthenticationRequest(str(params.prompt), str(params.max_age));
    return {
      ...client,
      grants,
      openid,
      challenge,
      challengeMethod: method,
      nonce,
      display: str(params.display),
      authentication,
    };
  }

  /**
   * The logged-in user, whose login is recent enough for `prompt` and `max_age` (OIDC Core
   * §3.1.2.1); otherwise the login page, which starts a new session: its time is the `auth_time`
   * of the code and the ID token. It comes back without what asked for the login, which the new
   * session answers. With `prompt=none` no page may be shown: the client gets `login_required`.
   */
  private loggedIn(req: FastifyRequest, authentication: AuthenticationRequest): Principal {
    const principal = req.principal;
    if (principal && !mustLogIn(authentication, principal.authTime, Math.floor(Date.now() / 1000))) return principal;
    if (authentication.prompt.has('none')) {
      throw OAuth2ProtocolError.loginRequired(
        principal ? 'The user must log in again (prompt or max_age).' : 'The user is not logged in.',
      );
    }
    throw AppError.loginRequired(withoutLoginRequest(req.url));
  }

  /** The client is trusted by now: a refusal goes back to it as `access_denied`. */
  private checkUser(principal: Principal, consumer: Consumer): void {
    const decision = this.policy.decide({ use: { entry: 'oauth2.authorize' }, user: principal.user, consumer });
    if (!decision.allowed) throw OAuth2ProtocolError.accessDenied(decision.detail);
  }

  /**
   * An authorization covering every requested grant, or a configured skipAuthorization
   * (docs/mediawiki-compatibility.md#consent).
   */
  private async canSkip(principal: Principal, valid: ValidRequest): Promise<boolean> {
    // OIDC Core §3.1.2.1 prompt=consent: the client asks for the page, whatever was granted before.
    if (valid.authentication.prompt.has('consent')) return false;
    if (this.statics.get(valid.consumer.consumerKey)?.skipAuthorization) return true;
    const existing = await this.authorizations.findFor(principal.user.id, valid.consumer.id, valid.consumer.wiki);
    return existing !== null && valid.grants.every((g) => existing.grants.includes(g));
  }

  private async issue(valid: ValidRequest, principal: Principal): Promise<Record<string, string>> {
    const existing = await this.authorizations.findFor(principal.user.id, valid.consumer.id, valid.consumer.wiki);
    const covered = existing !== null && valid.grants.every((g) => existing.grants.includes(g));
    // A new consent adds to what the user granted before; it does not silently take grants away.
    const requestedGrants = [...new Set([...(existing?.grants ?? []), ...valid.grants])];
    const authorization = covered
      ? existing
      : (await this.authorizations.authorize(principal.user, valid.consumer, { requestedGrants })).authorization;
    const scopes = valid.grants.filter((g) => authorization.grants.includes(g));
    const code = await this.codes.issue({
      clientId: valid.consumer.consumerKey,
      redirectUri: valid.requestedRedirectUri,
      userId: principal.user.id,
      authorizationId: authorization.id,
      scopes: valid.openid ? [OPENID_SCOPE, ...scopes] : scopes,
      challenge: valid.challenge,
      challengeMethod: valid.challengeMethod,
      nonce: valid.nonce,
      authTime: principal.authTime ?? Math.floor(Date.now() / 1000),
    });
    return { code };
  }
}
