import { Injectable } from '@nestjs/common';
import { Authorization } from '../authorizations/authorization.entity';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { AppConfig } from '../common/config/app-config.service';
import { ProtocolRequest } from '../common/http/protocol-request';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerCredentials } from '../consumers/consumer-credentials';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { AccessDenied } from '../access/access-denied';
import { AccessPolicy } from '../access/access-policy';
import { Use } from '../access/facts';
import {
  checkNonceSyntax,
  checkTimestamp,
  checkVersion,
  collectParameters,
  CollectedParameters,
  OAuth1ProtocolError,
  requireParameters,
  signatureBaseString,
  verifySignature,
} from '../protocol/oauth1';
import { Nonces, TIMESTAMP_WINDOW_SECONDS } from './nonces';
import { E } from './oauth1-errors';
import { RequestTokenRecord, RequestTokens } from './request-tokens';
import { Snapshot, SnapshotMemo } from '../database/cache/snapshot';

/** What a signed request is: initiate (consumer only), token (request token + verifier), resource (access token). */
export type SignedKind = 'initiate' | 'token' | 'resource';

export interface VerifiedRequest {
  consumer: Consumer;
  oauth: Record<string, string>;
  /** For `resource`: the authorization holding the access token. */
  authorization?: Snapshot<Authorization>;
}

/** The entry point of each leg, when the caller names no other (a resource request names its own). */
const LEG_USE: Record<SignedKind, Use> = {
  initiate: { entry: 'oauth1.initiate' },
  token: { entry: 'oauth1.token' },
  resource: { entry: 'resource', identity: true, needsUser: true },
};

const REQUIRED = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'];

/**
 * Checks an OAuth 1.0a signed request (RFC 5849 §3.2): syntax, version, timestamp, the
 * consumer's client-side checks by the access policy (IP allow-list included), token, signature,
 * and last the nonce — recorded only for a correctly signed request, so unsigned noise cannot
 * burn a client's nonces. Whether the user and authorization may act is the caller's decision.
 */
@Injectable()
export class OAuth1Verifier {
  /**
   * Derived access secrets, per cached authorization object: the cache replaces the object on
   * any write to authorizations (a new seed), so an entry never outlives its seed.
   */
  private readonly accessSecrets = new SnapshotMemo<Authorization, string>();

  constructor(
    private readonly config: AppConfig,
    private readonly lookup: ConsumerLookup,
    private readonly credentials: ConsumerCredentials,
    private readonly secrets: ConsumerSecrets,
    private readonly authorizations: AuthorizationsService,
    private readonly requestTokens: RequestTokens,
    private readonly nonces: Nonces,
    private readonly policy: AccessPolicy,
  ) {}

  /** `use`: the entry point asking, whose client-side checks run before the signature (by default the leg's own). */
  async verify(
    request: ProtocolRequest,
    kind: SignedKind,
    use: Use = LEG_USE[kind],
    now = Date.now(),
  ): Promise<VerifiedRequest> {
    const collected = collectParameters({
      method: request.method,
      url: request.url,
      authorization: request.authorization,
      contentType: request.contentType,
      body: request.rawBody,
    });
    const oauth = collected.oauth;
    checkVersion(oauth);
    requireParameters(oauth, [
      ...REQUIRED,
      ...(kind === 'initiate' ? ['oauth_callback'] : ['oauth_token']),
      ...(kind === 'token' ? ['oauth_verifier'] : []),
    ]);
    const nowSeconds = Math.floor(now / 1000);
    checkTimestamp(oauth.oauth_timestamp, nowSeconds, TIMESTAMP_WINDOW_SECONDS);
    checkNonceSyntax(oauth.oauth_nonce);

    const found = await this.lookup.findByKeyCached(oauth.oauth_consumer_key);
    // Before the signature: which secret to check it with depends on the consumer being usable here at all.
    const refused = this.policy.checkClient(use, found, request.clientIp);
    if (refused) throw new AccessDenied(refused.reason, refused.detail);
    const consumer = found!;

    const { tokenSecret, authorization } = await this.token(kind, oauth, consumer);
    await this.checkSignature(request, collected, consumer, tokenSecret);
    await this.nonces.use(
      consumer.consumerKey,
      oauth.oauth_token ?? '',
      oauth.oauth_nonce,
      Number(oauth.oauth_timestamp),
      nowSeconds,
    );
    return { consumer, oauth, authorization };
  }

  private async token(
    kind: SignedKind,
    oauth: Record<string, string>,
    consumer: Consumer,
  ): Promise<{ tokenSecret: string; authorization?: Snapshot<Authorization> }> {
    if (kind === 'initiate') return { tokenSecret: '' };
    if (kind === 'token') {
      const record = await this.requestTokens.find(oauth.oauth_token);
      if (!record) return { tokenSecret: this.requestTokens.secretOf(oauth.oauth_token) };
      if (record.consumerKey !== consumer.consumerKey) throw E.badToken();
      return { tokenSecret: this.requestTokens.secretOf(oauth.oauth_token) };
    }
    const authorization = await this.authorizations.findByAccessTokenCached(oauth.oauth_token);
    if (!authorization) throw E.accessTokenNotFound();
    if (authorization.consumerId !== consumer.id) throw E.badToken();
    const tokenSecret = this.accessSecrets.get(authorization, (row) =>
      this.secrets.accessSecret(row.accessSecretSeed!),
    );
    return { tokenSecret, authorization };
  }

  /** Tries the URL as the client addressed us, then under PUBLIC_URL: a client may sign either. */
  private async checkSignature(
    request: ProtocolRequest,
    collected: CollectedParameters,
    consumer: Consumer,
    tokenSecret: string,
  ): Promise<void> {
    const method = collected.oauth.oauth_signature_method;
    const consumerSecret = method === 'RSA-SHA1' ? undefined : await this.credentials.secretOf(consumer);
    if (method === 'RSA-SHA1' ? !consumer.rsaKey : consumerSecret === undefined) throw E.noSecret();
    for (const url of [request.url, request.publicUrl].filter((u): u is string => u !== undefined)) {
      const ok = verifySignature({
        method,
        signature: collected.oauth.oauth_signature,
        baseString: signatureBaseString(request.method, url, collected.pairs),
        consumerSecret,
        tokenSecret,
        rsaPublicKeyPem: consumer.rsaKey ?? undefined,
        allowPlaintext: this.config.oauth1AllowPlaintext,
      });
      if (ok) return;
    }
    throw new OAuth1ProtocolError('invalid_signature', 'Invalid signature', 401);
  }

  /** For the token step: the request token, consumed atomically. */
  async consumeRequestToken(token: string): Promise<RequestTokenRecord> {
    const { record, alreadyUsed } = await this.requestTokens.consume(token);
    if (alreadyUsed) throw E.requestTokenUsed();
    if (!record) throw E.requestTokenNotFound();
    return record;
  }
}
