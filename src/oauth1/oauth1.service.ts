import { Injectable } from '@nestjs/common';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { ProtocolRequest } from '../common/http/protocol-request';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { GrantCatalog } from '../catalog/grant-catalog';
import { appendToCallback, callbackTarget, checkCallback } from '../protocol/oauth1';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AccessDenied } from '../access/access-denied';
import { AccessPolicy } from '../access/access-policy';
import { E } from './oauth1-errors';

import { OAuth1Verifier } from './oauth1-verifier.service';
import { RequestTokenRecord, RequestTokens } from './request-tokens';

export interface PendingConsent {
  token: string;
  record: RequestTokenRecord;
  consumer: Consumer;
}

/** The three legs of RFC 5849 §2 with MediaWiki's rules (docs/mediawiki-compatibility.md#signatures-and-tokens). */
@Injectable()
export class OAuth1Service {
  constructor(
    private readonly verifier: OAuth1Verifier,
    private readonly requestTokens: RequestTokens,
    private readonly lookup: ConsumerLookup,
    private readonly authorizations: AuthorizationsService,
    private readonly secrets: ConsumerSecrets,
    private readonly users: UsersService,
    private readonly grants: GrantCatalog,
    private readonly policy: AccessPolicy,
  ) {}

  /** Leg 1 (RFC 5849 §2.1): a request token for a signed, callback-checked request. */
  async initiate(request: ProtocolRequest): Promise<Record<string, string>> {
    const { consumer, oauth } = await this.verifier.verify(request, 'initiate');
    checkCallback(oauth.oauth_callback, consumer.callbackUrl, consumer.callbackIsPrefix);
    const { token, secret } = await this.requestTokens.issue(consumer.consumerKey, oauth.oauth_callback);
    return { oauth_token: token, oauth_token_secret: secret, oauth_callback_confirmed: 'true' };
  }

  /** Leg 2, before the page: the token and its consumer, which the access policy lets this user authorize. */
  async pendingConsent(
    token: string | undefined,
    consumerKey: string | undefined,
    user: User,
  ): Promise<PendingConsent> {
    const record = token ? await this.requestTokens.find(token) : null;
    if (!record || !token) throw E.requestTokenNotFound();
    if (consumerKey !== undefined && consumerKey !== record.consumerKey) throw E.badToken();
    const consumer = await this.lookup.findByKey(record.consumerKey);
    const decision = this.policy.decide({ use: { entry: 'oauth1.authorize' }, user, consumer });
    if (!decision.allowed) throw new AccessDenied(decision.reason, decision.detail);
    if (record.verifierHash) throw E.requestTokenUsed();
    return { token, record, consumer: consumer! };
  }

  /**
   * `authenticate` (docs/mediawiki-compatibility.md#consent): the page may be skipped when the user
   * already authorized this consumer for its target with exactly its grants, and those grants are
   * identity-only.
   */
  async canSkipConsent(pending: PendingConsent, user: User): Promise<boolean> {
    const { consumer } = pending;
    if (!consumer.grants.every((g) => this.grants.isAuthOnly(g))) return false;
    const existing = await this.authorizations.findFor(user.id, consumer.id, consumer.wiki);
    return existing !== null && sameSet(existing.grants, consumer.grants);
  }

  /** Leg 2, the user allowed: record the authorization and send the browser to the callback. */
  async allow(pending: PendingConsent, user: User, options: { reuseAuthorization?: boolean } = {}): Promise<string> {
    // A silent `authenticate` sign-in keeps the credentials the app already holds; a consent issues new ones.
    const existing = options.reuseAuthorization
      ? await this.authorizations.findFor(user.id, pending.consumer.id, pending.consumer.wiki)
      : null;
    const authorization = existing ?? (await this.authorizations.authorize(user, pending.consumer)).authorization;
    const verifier = this.secrets.newKey();
    const recorded = await this.requestTokens.authorize(pending.token, pending.record, {
      userId: user.id,
      authorizationId: authorization.id,
      verifier,
    });
    if (!recorded) throw E.requestTokenUsed();
    const target = callbackTarget(pending.record.callback, pending.consumer.callbackUrl);
    return appendToCallback(target, { oauth_verifier: verifier, oauth_token: pending.token });
  }

  /** Leg 3 (RFC 5849 §2.3): the verifier, checked once, for the access token. */
  async token(request: ProtocolRequest): Promise<Record<string, string>> {
    const { consumer, oauth } = await this.verifier.verify(request, 'token');
    const record = await this.verifier.consumeRequestToken(oauth.oauth_token);
    if (record.consumerKey !== consumer.consumerKey) throw E.badToken();
    if (!this.requestTokens.verifierMatches(record, oauth.oauth_verifier)) throw E.badVerifier();
    const authorization = await this.authorizations.findById(record.authorizationId!);
    // The user who allowed it, still that authorization's user (null once deleted: the authorization goes with them).
    const user =
      authorization && authorization.userId === record.userId ? await this.users.findById(authorization.userId) : null;
    const decision = this.policy.decide({
      use: { entry: 'oauth1.token' },
      user,
      consumer,
      authorization,
      clientIp: request.clientIp,
    });
    if (!decision.allowed) throw new AccessDenied(decision.reason, decision.detail);
    // RSA-SHA1 never uses the token secret, so none is handed out
    // (docs/mediawiki-compatibility.md#signatures-and-tokens).
    const secret =
      oauth.oauth_signature_method === 'RSA-SHA1'
        ? '__unused__'
        : this.secrets.accessSecret(authorization!.accessSecretSeed!);
    return { oauth_token: authorization!.accessToken, oauth_token_secret: secret, oauth_callback_confirmed: 'true' };
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
