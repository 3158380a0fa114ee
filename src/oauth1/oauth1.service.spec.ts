import { AccessDenied } from '../access/access-denied';
import { Entry } from '../access/facts';
import { ProtocolRequest } from '../common/http/protocol-request';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerSecrets } from '../consumers/consumer-secrets';
import { ConsumerStage } from '../access/consumer-stage';
import { GrantCatalog } from '../catalog/grant-catalog';
import { OAuth1ProtocolError } from '../protocol/oauth1/errors';
import { testPolicy } from '../testing/access';
import { ALICE_ID, BOB_ID, makeAuthorization, makeOAuth1Consumer, makeUser, OWNER_ID } from '../testing/entities';
import { rejection } from '../testing/rejection';
import { FakeAuthorizations, FakeConsumerLookup, FakeUsers } from '../testing/stores';
import { User } from '../users/user.entity';
import { E } from './oauth1-errors';
import { asOAuth1Error } from './oauth1-refusals';
import { OAuth1Service } from './oauth1.service';
import { OAuth1Verifier, SignedKind, VerifiedRequest } from './oauth1-verifier.service';
import { RequestTokenRecord, RequestTokens } from './request-tokens';

const REQUEST_TOKEN = '0123456789abcdef0123456789abcdef';
const VERIFIER = 'the-verifier';
const CLIENT_IP = '192.0.2.10';
const CONFIGURED_KEY = 'c0nf1gured0000000000000000000000';
const catalog = GrantCatalog.fromFile();

/** Request tokens by value; a verifier matches when the record holds `hash:<verifier>`. */
class FakeRequestTokens {
  readonly records = new Map<string, RequestTokenRecord>();

  async find(token: string): Promise<RequestTokenRecord | null> {
    return this.records.get(token) ?? null;
  }

  verifierMatches(record: RequestTokenRecord, verifier: string): boolean {
    return record.verifierHash === `hash:${verifier}`;
  }
}

/** OAuth1Verifier for leg 3: the signed request checks out as `verified`; the request token is taken once. */
class FakeVerifier {
  readonly calls: SignedKind[] = [];

  constructor(
    private readonly verified: VerifiedRequest,
    private readonly tokens: FakeRequestTokens,
  ) {}

  async verify(_request: ProtocolRequest, kind: SignedKind): Promise<VerifiedRequest> {
    this.calls.push(kind);
    return this.verified;
  }

  async consumeRequestToken(token: string): Promise<RequestTokenRecord> {
    const record = this.tokens.records.get(token);
    if (!record) throw E.requestTokenUsed();
    this.tokens.records.delete(token);
    return record;
  }
}

interface Setup {
  consumer?: Consumer | null;
  record?: RequestTokenRecord;
  authorizations?: FakeAuthorizations;
  users?: FakeUsers;
  signatureMethod?: string;
}

function setup(options: Setup = {}) {
  const consumer = options.consumer === undefined ? makeOAuth1Consumer() : options.consumer;
  const requestTokens = new FakeRequestTokens();
  requestTokens.records.set(
    REQUEST_TOKEN,
    options.record ?? { consumerKey: makeOAuth1Consumer().consumerKey, callback: 'oob' },
  );
  const lookup = consumer ? new FakeConsumerLookup(consumer) : new FakeConsumerLookup();
  const oauth = {
    oauth_token: REQUEST_TOKEN,
    oauth_verifier: VERIFIER,
    oauth_signature_method: options.signatureMethod ?? 'HMAC-SHA1',
  };
  const verifier = new FakeVerifier({ consumer: consumer ?? makeOAuth1Consumer(), oauth }, requestTokens);
  const authorizations =
    options.authorizations ??
    new FakeAuthorizations(makeAuthorization({ oauthVersion: 1, accessToken: 'a'.repeat(32) }));
  const users = options.users ?? new FakeUsers(makeUser());
  const secrets = { accessSecret: (seed: string) => `secret-from-${seed}` } as unknown as ConsumerSecrets;
  const service = new OAuth1Service(
    verifier as unknown as OAuth1Verifier,
    requestTokens as unknown as RequestTokens,
    lookup.asService(),
    authorizations.asService(),
    secrets,
    users.asService(),
    catalog,
    testPolicy({ configuredKeys: [CONFIGURED_KEY] }),
  );
  const leg3: ProtocolRequest = { method: 'POST', url: 'https://id.example/oauth1/token', clientIp: CLIENT_IP };
  return { service, verifier, requestTokens, leg3 };
}

/** The record of a request token Alice allowed (authorization 100). */
function allowed(overrides: Partial<RequestTokenRecord> = {}): RequestTokenRecord {
  return {
    consumerKey: makeOAuth1Consumer().consumerKey,
    callback: 'oob',
    userId: ALICE_ID,
    authorizationId: 100,
    verifierHash: `hash:${VERIFIER}`,
    ...overrides,
  };
}

/**
 * What the OAuth 1.0a transport answers for a rejection at `entry` (oauth1-endpoints.service maps
 * every rejection of the service with asOAuth1Error): the service's coded refusal, and the answer.
 */
async function answerAt(
  promise: Promise<unknown>,
  entry: Entry,
): Promise<{ error: unknown; answer: OAuth1ProtocolError }> {
  const error = await rejection(promise);
  const answer = asOAuth1Error(error, entry);
  expect(answer).toBeInstanceOf(OAuth1ProtocolError);
  return { error, answer: answer as OAuth1ProtocolError };
}

describe('OAuth1Service', () => {
  describe('pendingConsent (leg 2, before the page)', () => {
    const consent = (
      service: OAuth1Service,
      user: User = makeUser(),
      token: string | undefined = REQUEST_TOKEN,
      consumerKey?: string,
    ) => service.pendingConsent(token, consumerKey, user);

    it('returns the token and its approved consumer for a user who may authorize it', async () => {
      const { service } = setup();

      const pending = await consent(service);

      expect(pending).toEqual({
        token: REQUEST_TOKEN,
        record: { consumerKey: makeOAuth1Consumer().consumerKey, callback: 'oob' },
        consumer: makeOAuth1Consumer(),
      });
    });

    it('lets the owner authorize a proposed consumer, to test it', async () => {
      const { service } = setup({ consumer: makeOAuth1Consumer({ stage: ConsumerStage.Proposed }) });

      await expect(consent(service, makeUser({ id: OWNER_ID }))).resolves.toMatchObject({ token: REQUEST_TOKEN });
    });

    it('treats a configuration-based consumer with its entry as approved', async () => {
      const configured = makeOAuth1Consumer({ consumerKey: CONFIGURED_KEY, stage: ConsumerStage.ConfigurationBased });
      const { service } = setup({ consumer: configured, record: { consumerKey: CONFIGURED_KEY, callback: 'oob' } });

      await expect(consent(service)).resolves.toMatchObject({ consumer: configured });
    });

    it.each<[string, Partial<Consumer>, AccessDenied['reason'], string, string, number]>([
      ['a suppressed consumer', { deleted: true }, 'consumer_unknown', 'mwoauthserver-bad-consumer-key', '(E006)', 401],
      [
        'an OAuth 2 consumer',
        { oauthVersion: 2, oauth2GrantTypes: ['authorization_code'] },
        'consumer_wrong_version',
        'mwoauthserver-bad-consumer-version',
        '(E012)',
        400,
      ],
      [
        'an owner-only consumer',
        { ownerOnly: true },
        'consumer_owner_only',
        'mwoauthserver-consumer-owner-only',
        '(E010)',
        401,
      ],
      [
        'a proposed consumer, for a non-owner',
        { stage: ConsumerStage.Proposed },
        'consumer_not_approved',
        'mwoauthserver-bad-consumer',
        '(E005)',
        401,
      ],
      [
        'a disabled consumer',
        { stage: ConsumerStage.Disabled },
        'consumer_not_approved',
        'mwoauthserver-bad-consumer',
        '(E005)',
        401,
      ],
      [
        'a configuration-based consumer without its entry',
        { stage: ConsumerStage.ConfigurationBased },
        'consumer_not_approved',
        'mwoauthserver-bad-consumer',
        '(E005)',
        401,
      ],
    ])('refuses %s', async (_name, overrides, reason, key, code, status) => {
      const { service } = setup({ consumer: makeOAuth1Consumer(overrides) });

      const { error, answer } = await answerAt(consent(service), 'oauth1.authorize');

      expect(error).toBeInstanceOf(AccessDenied);
      expect(error).toMatchObject({ reason });
      expect(answer).toMatchObject({ key, status });
      expect(answer.message).toContain(code);
    });

    it('refuses the owner a rejected consumer (E005)', async () => {
      const { service } = setup({ consumer: makeOAuth1Consumer({ stage: ConsumerStage.Rejected }) });

      const { answer } = await answerAt(consent(service, makeUser({ id: OWNER_ID })), 'oauth1.authorize');

      expect(answer).toMatchObject({ key: 'mwoauthserver-bad-consumer' });
    });

    it('answers E006 when the consumer is gone', async () => {
      const { service } = setup({ consumer: null });

      const { error, answer } = await answerAt(consent(service), 'oauth1.authorize');

      expect(error).toMatchObject({ reason: 'consumer_unknown' });
      expect(answer.key).toBe('mwoauthserver-bad-consumer-key');
    });

    it.each<[string, Partial<User>, AccessDenied['reason']]>([
      ['blocked', { blocked: true }, 'user_blocked'],
      ['locked', { locked: true }, 'user_locked'],
      [
        'a temporary account, without mwoauthmanagemygrants',
        { memberships: [{ userId: ALICE_ID, groupName: 'temp' }] },
        'right_missing',
      ],
    ])('refuses a user who is %s with E007', async (_name, overrides, reason) => {
      const { service } = setup();

      const { error, answer } = await answerAt(consent(service, makeUser(overrides)), 'oauth1.authorize');

      expect(error).toMatchObject({ reason });
      expect(answer).toMatchObject({ key: 'mwoauthserver-insufficient-rights', status: 401 });
      expect(answer.message).toContain('(E007)');
    });

    it('answers E004 for an unknown or missing request token', async () => {
      const { service } = setup();

      await expect(consent(service, makeUser(), 'ffffffffffffffffffffffffffffffff')).rejects.toMatchObject({
        key: 'mwoauthdatastore-request-token-not-found',
      });
      await expect(service.pendingConsent(undefined, undefined, makeUser())).rejects.toMatchObject({
        key: 'mwoauthdatastore-request-token-not-found',
      });
    });

    it('refuses a request token presented with another consumer key', async () => {
      const { service } = setup();

      await expect(consent(service, makeUser(), REQUEST_TOKEN, 'another-key')).rejects.toMatchObject({
        key: 'mwoauthdatastore-bad-token',
      });
    });

    it('answers E009 for a request token already authorized', async () => {
      const { service } = setup({ record: allowed() });

      const error = await rejection(consent(service));

      expect(error).toBeInstanceOf(OAuth1ProtocolError);
      expect(error).toMatchObject({ key: 'mwoauthdatastore-request-token-already-used' });
    });
  });

  describe('token (leg 3)', () => {
    it('exchanges the verifier for the authorization access token and its derived secret', async () => {
      const { service, verifier, leg3 } = setup({ record: allowed() });

      const answer = await service.token(leg3);

      expect(verifier.calls).toEqual(['token']);
      expect(answer).toEqual({
        oauth_token: 'a'.repeat(32),
        oauth_token_secret: 'secret-from-seed-100',
        oauth_callback_confirmed: 'true',
      });
    });

    it('hands out no token secret to an RSA-SHA1 consumer', async () => {
      const { service, leg3 } = setup({ record: allowed(), signatureMethod: 'RSA-SHA1' });

      await expect(service.token(leg3)).resolves.toMatchObject({ oauth_token_secret: '__unused__' });
    });

    it('answers mwoauthdatastore-access-token-not-found when the authorization was revoked since leg 2', async () => {
      const { service, leg3 } = setup({ record: allowed(), authorizations: new FakeAuthorizations() });

      const { error, answer } = await answerAt(service.token(leg3), 'oauth1.token');

      expect(error).toMatchObject({ reason: 'authorization_missing' });
      expect(answer).toMatchObject({ key: 'mwoauthdatastore-access-token-not-found', status: 401 });
    });

    it('answers mwoauthdatastore-access-token-not-found when the authorization is now someone else', async () => {
      const authorizations = new FakeAuthorizations(makeAuthorization({ oauthVersion: 1, userId: BOB_ID }));
      const { service, leg3 } = setup({
        record: allowed(),
        authorizations,
        users: new FakeUsers(makeUser(), makeUser({ id: BOB_ID })),
      });

      const { answer } = await answerAt(service.token(leg3), 'oauth1.token');

      expect(answer.key).toBe('mwoauthdatastore-access-token-not-found');
    });

    it('answers E007 when the user was blocked since leg 2', async () => {
      const { service, leg3 } = setup({ record: allowed(), users: new FakeUsers(makeUser({ blocked: true })) });

      const { error, answer } = await answerAt(service.token(leg3), 'oauth1.token');

      expect(error).toMatchObject({ reason: 'user_blocked' });
      expect(answer).toMatchObject({ key: 'mwoauthserver-insufficient-rights' });
      expect(answer.message).toContain('(E007)');
    });

    it('answers E005 when the consumer was disabled since leg 2', async () => {
      const { service, leg3 } = setup({
        record: allowed(),
        consumer: makeOAuth1Consumer({ stage: ConsumerStage.Disabled }),
      });

      const { answer } = await answerAt(service.token(leg3), 'oauth1.token');

      expect(answer).toMatchObject({ key: 'mwoauthserver-bad-consumer' });
      expect(answer.message).toContain('(E005)');
    });

    it('answers mwoauthdatastore-bad-source-ip outside the consumer allow-list', async () => {
      const { service, leg3 } = setup({
        record: allowed(),
        consumer: makeOAuth1Consumer({ restrictions: ['10.0.0.0/8'] }),
      });

      const { error, answer } = await answerAt(service.token(leg3), 'oauth1.token');

      expect(error).toMatchObject({ reason: 'ip_not_allowed' });
      expect(answer.key).toBe('mwoauthdatastore-bad-source-ip');
    });

    it('refuses a wrong verifier', async () => {
      const { service, leg3 } = setup({ record: allowed({ verifierHash: 'hash:another-verifier' }) });

      await expect(service.token(leg3)).rejects.toMatchObject({ key: 'mwoauthdatastore-bad-verifier' });
    });

    it('refuses a request token that was never authorized (no verifier recorded)', async () => {
      const { service, leg3 } = setup();

      await expect(service.token(leg3)).rejects.toMatchObject({ key: 'mwoauthdatastore-bad-verifier' });
    });

    it('refuses another consumer request token', async () => {
      const { service, leg3 } = setup({ record: allowed({ consumerKey: 'another-consumer-key' }) });

      await expect(service.token(leg3)).rejects.toMatchObject({ key: 'mwoauthdatastore-bad-token' });
    });

    it('answers E009 the second time a request token is exchanged', async () => {
      const { service, leg3 } = setup({ record: allowed() });
      await service.token(leg3);

      await expect(service.token(leg3)).rejects.toMatchObject({ key: 'mwoauthdatastore-request-token-already-used' });
    });
  });

  describe('canSkipConsent (authenticate)', () => {
    const identityOnly = () => makeOAuth1Consumer({ grants: ['mwoauth-authonly'] });
    const pendingFor = (consumer: Consumer) => ({
      token: REQUEST_TOKEN,
      record: { consumerKey: consumer.consumerKey, callback: 'oob' },
      consumer,
    });

    it('skips the page for an identity-only consumer the user authorized with exactly its grants', async () => {
      const authorizations = new FakeAuthorizations(
        makeAuthorization({ oauthVersion: 1, grants: ['mwoauth-authonly'] }),
      );
      const { service } = setup({ consumer: identityOnly(), authorizations });

      await expect(service.canSkipConsent(pendingFor(identityOnly()), makeUser())).resolves.toBe(true);
    });

    it('shows the page for a consumer asking for more than identity', async () => {
      const { service } = setup();

      await expect(service.canSkipConsent(pendingFor(makeOAuth1Consumer()), makeUser())).resolves.toBe(false);
    });

    it('shows the page when the user never authorized it', async () => {
      const { service } = setup({ consumer: identityOnly(), authorizations: new FakeAuthorizations() });

      await expect(service.canSkipConsent(pendingFor(identityOnly()), makeUser())).resolves.toBe(false);
    });
  });
});
