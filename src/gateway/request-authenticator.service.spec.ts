import { AccessDenied } from '../access/access-denied';
import { AppConfig } from '../common/config/app-config.service';
import { AuthRefusal } from '../common/errors/auth-refusal';
import { ConsumerStage } from '../access/consumer-stage';
import { ProtocolRequest } from '../common/http/protocol-request';
import { OAuth1Verifier, SignedKind, VerifiedRequest } from '../oauth1/oauth1-verifier.service';
import { E } from '../oauth1/oauth1-errors';
import { AccessTokenVerifier, VerifiedAccessToken } from '../oauth2/access-token-verifier.service';
import { BearerAuthenticator } from '../oauth2/bearer-authenticator.service';
import { Metrics } from '../metrics/metrics.service';
import { OAuth1ProtocolError } from '../protocol/oauth1/errors';
import { Use } from '../access/facts';
import { testPolicy } from '../testing/access';
import { makeAuthorization, makeConsumer, makeOAuth1Consumer, makeTokenRow, makeUser } from '../testing/entities';
import { rejection } from '../testing/rejection';
import { FakeAuditLog } from '../testing/stores';
import { User } from '../users/user.entity';
import { RequestAuthenticator } from './request-authenticator.service';
import { snapshot, Snapshot } from '../database/cache/snapshot';
import type { OAuth2Token } from '../tokens/oauth2-token.entity';
import type { Authorization } from '../authorizations/authorization.entity';

const REALM = 'https://id.example';
const CLIENT_IP = '192.0.2.10';
const API = 'https://wiki.example/w/api.php';
const OAUTH1_HEADER = 'OAuth oauth_consumer_key="key", oauth_token="access-token-key", oauth_signature="sig"';

function request(overrides: Partial<ProtocolRequest> = {}): ProtocolRequest {
  return {
    method: 'GET',
    url: `${API}?action=query`,
    authorization: 'Bearer good-token',
    clientIp: CLIENT_IP,
    ...overrides,
  };
}

/** A Bearer token of Alice's authorization 100 of an approved client. */
function bearerAccess(user: User = makeUser()): VerifiedAccessToken {
  return {
    payload: { jti: 'jti-1' },
    // Stands for a cached row: the principal memo keys on its identity.
    token: makeTokenRow({ kind: 'access' }) as Snapshot<OAuth2Token>,
    consumer: makeConsumer(),
    user,
    authorization: makeAuthorization(),
    scopes: ['basic', 'editpage'],
  };
}

/** What OAuth1Verifier.verify hands over for a resource request: the authorization comes with its user. */
function oauth1Verified(user: User = makeUser()): VerifiedRequest {
  const consumer = makeOAuth1Consumer();
  return {
    consumer,
    oauth: { oauth_token: 'access-token-key', oauth_consumer_key: consumer.consumerKey },
    authorization: {
      ...makeAuthorization({ oauthVersion: 1, accessToken: 'access-token-key' }),
      user,
    } as Snapshot<Authorization>,
  };
}

interface Setup {
  bearer?: VerifiedAccessToken | Error;
  oauth1?: VerifiedRequest | Error;
  /** DISABLED_API_ACTIONS, read by both the config and the policy; `import` unless given. */
  disabledActions?: string[];
  wikiId?: string;
}

function config(options: Setup): AppConfig {
  return {
    publicUrl: REALM,
    gateway: { wikiId: options.wikiId ?? '*', disabledActions: options.disabledActions ?? ['import'] },
  } as unknown as AppConfig;
}

/** The real BearerAuthenticator and access policy, over a fake token verifier and a fake OAuth 1.0a verifier. */
function setup(options: Setup = {}) {
  const bearerAnswer = options.bearer ?? bearerAccess();
  const tokens = {
    async verify(jwt: string): Promise<VerifiedAccessToken> {
      if (bearerAnswer instanceof Error) throw bearerAnswer;
      if (jwt !== 'good-token') throw new AccessDenied('credential_invalid', 'The access token is invalid or expired.');
      return bearerAnswer;
    },
  };
  const oauth1Calls: { request: ProtocolRequest; kind: SignedKind; use?: Use }[] = [];
  const oauth1Answer = options.oauth1 ?? oauth1Verified();
  const oauth1 = {
    async verify(req: ProtocolRequest, kind: SignedKind, use?: Use): Promise<VerifiedRequest> {
      oauth1Calls.push({ request: req, kind, use });
      if (oauth1Answer instanceof Error) throw oauth1Answer;
      return oauth1Answer;
    },
  };
  const policy = testPolicy({
    settings: { wikiId: options.wikiId ?? '*', disabledActions: options.disabledActions ?? ['import'] },
  });
  const metrics: { oauth_version: string; result: string }[] = [];
  const audit = new FakeAuditLog();
  const authenticator = new RequestAuthenticator(
    config(options),
    oauth1 as unknown as OAuth1Verifier,
    new BearerAuthenticator(tokens as unknown as AccessTokenVerifier, policy),
    policy,
    {
      verifications: { inc: (labels: { oauth_version: string; result: string }) => metrics.push(labels) },
    } as unknown as Metrics,
    audit.asService(),
  );
  return { authenticator, oauth1Calls, metrics, audit };
}

async function refusal(promise: Promise<unknown>, status: 401 | 403, key: string): Promise<AuthRefusal> {
  const caught = await rejection(promise);
  expect(caught).toBeInstanceOf(AuthRefusal);
  expect(caught).toMatchObject({ status, key });
  return caught as AuthRefusal;
}

describe('RequestAuthenticator', () => {
  describe('Bearer', () => {
    it('turns a good token into a principal and counts the verification', async () => {
      const { authenticator, metrics, audit } = setup();

      const principal = await authenticator.authenticate(request());

      expect(principal).toMatchObject({ via: 'oauth2', tokenId: 'jti-1', grants: ['basic', 'editpage'] });
      expect(principal.user?.id).toBe(8);
      expect(metrics).toEqual([{ oauth_version: '2', result: 'ok' }]);
      expect(audit.counted).toEqual([]);
    });

    it('answers 401 with both challenges when the request carries no credentials', async () => {
      const { authenticator, metrics, audit } = setup();

      const error = await refusal(
        authenticator.authenticate(request({ authorization: undefined })),
        401,
        'mwoauth-invalid-authorization',
      );

      expect(error.challenge).toBe(`Bearer realm="${REALM}", OAuth realm="${REALM}"`);
      expect(metrics).toEqual([{ oauth_version: '2', result: 'mwoauth-invalid-authorization' }]);
      expect(audit.counted).toEqual([
        { action: 'oauth2.token_refused', target: 'mwoauth-invalid-authorization', ip: CLIENT_IP },
      ]);
    });

    it('answers 401 with the Bearer challenge for a bad token', async () => {
      const { authenticator } = setup();

      const error = await refusal(
        authenticator.authenticate(request({ authorization: 'Bearer forged-token' })),
        401,
        'mwoauth-invalid-authorization',
      );

      expect(error.challenge).toBe(`Bearer realm="${REALM}", error="invalid_token"`);
    });

    it.each([['Bearer'], ['Bearer two tokens'], ['bearer "quoted"']])(
      'answers %p, malformed Bearer credentials, with the Bearer challenge',
      async (authorization) => {
        const { authenticator, metrics } = setup();

        const error = await refusal(
          authenticator.authenticate(request({ authorization })),
          401,
          'mwoauth-invalid-authorization',
        );

        expect(error.challenge).toBe(`Bearer realm="${REALM}", error="invalid_token"`);
        expect(metrics).toEqual([{ oauth_version: '2', result: 'mwoauth-invalid-authorization' }]);
      },
    );

    it('answers 403 mwoauth-invalid-authorization-blocked-user for a blocked user', async () => {
      const { authenticator } = setup({ bearer: bearerAccess(makeUser({ blocked: true })) });

      const error = await refusal(
        authenticator.authenticate(request()),
        403,
        'mwoauth-invalid-authorization-blocked-user',
      );

      expect(error.challenge).toBeUndefined();
    });

    it('answers 403 mwoauthdatastore-bad-source-ip outside the client allow-list', async () => {
      const access = { ...bearerAccess(), consumer: makeConsumer({ restrictions: ['10.0.0.0/8'] }) };
      const { authenticator } = setup({ bearer: access });

      await refusal(authenticator.authenticate(request()), 403, 'mwoauthdatastore-bad-source-ip');
    });
  });

  describe('disabled API actions (DISABLED_API_ACTIONS=import)', () => {
    it('allows an action that is not disabled', async () => {
      const { authenticator } = setup();

      await expect(
        authenticator.authenticate(request({ url: `${API}?action=query&list=recentchanges` })),
      ).resolves.toMatchObject({ via: 'oauth2' });
    });

    it.each<[string, Partial<ProtocolRequest>]>([
      ['in the query', { url: `${API}?action=import` }],
      ['last of repeated names, which PHP reads', { url: `${API}?action=query&action=import` }],
      ['first of repeated names', { url: `${API}?action=import&action=query` }],
      ['percent-encoded', { url: `${API}?%61ction=%69mport` }],
      [
        'in a form body',
        {
          method: 'POST',
          url: API,
          contentType: 'application/x-www-form-urlencoded',
          rawBody: 'action=import&format=json',
        },
      ],
      [
        'in a form body overriding the query',
        {
          method: 'POST',
          url: `${API}?action=query`,
          contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
          rawBody: 'action=import',
        },
      ],
    ])('answers 403 mwoauth-api-module-disabled for action=import %s', async (_name, overrides) => {
      const { authenticator, metrics } = setup();

      await refusal(authenticator.authenticate(request(overrides)), 403, 'mwoauth-api-module-disabled');

      expect(metrics).toEqual([{ oauth_version: '2', result: 'mwoauth-api-module-disabled' }]);
    });

    // docs/gateway.md: "every one in the query and the form body". PHP reads a multipart/form-data
    // body into $_POST as it reads a urlencoded one, and MediaWiki's API accepts both.
    it('answers 403 mwoauth-api-module-disabled for action=import in a multipart/form-data body', async () => {
      const { authenticator } = setup();
      const body = '--b0undary\r\nContent-Disposition: form-data; name="action"\r\n\r\nimport\r\n--b0undary--\r\n';

      await refusal(
        authenticator.authenticate(
          request({
            method: 'POST',
            url: API,
            contentType: 'multipart/form-data; boundary=b0undary',
            rawBody: body,
          }),
        ),
        403,
        'mwoauth-api-module-disabled',
      );
    });

    // docs/development.md#house-rules ("the names PHP would read differently"): PHP url-decodes a name, drops
    // its leading spaces and ends it at a NUL, so each of these reaches MediaWiki as action=import.
    it.each<[string]>([['%20action=import'], ['+action=import'], ['action%00x=import']])(
      'answers 403 mwoauth-api-module-disabled for the query %s, which PHP reads as action=import',
      async (query) => {
        const { authenticator } = setup();

        await refusal(
          authenticator.authenticate(request({ url: `${API}?${query}` })),
          403,
          'mwoauth-api-module-disabled',
        );
      },
    );

    it('lets every action through when none is disabled, reading none of them', async () => {
      const { authenticator, oauth1Calls } = setup({ disabledActions: [] });

      await expect(authenticator.authenticate(request({ url: `${API}?action=import` }))).resolves.toMatchObject({
        via: 'oauth2',
      });
      await authenticator.authenticate(request({ authorization: OAUTH1_HEADER, url: `${API}?action=import` }));

      expect(oauth1Calls[0].use).toEqual({ entry: 'gateway', actions: [] });
    });

    it('refuses a disabled action through OAuth 1.0a too', async () => {
      const { authenticator } = setup();

      await refusal(
        authenticator.authenticate(request({ authorization: OAUTH1_HEADER, url: `${API}?action=import` })),
        403,
        'mwoauth-api-module-disabled',
      );
    });

    it('asks the policy for the caller own use instead of the gateway one when given', async () => {
      const { authenticator } = setup();

      const principal = await authenticator.authenticate(request({ url: `${API}?action=import` }), {
        entry: 'resource',
      });

      expect(principal.via).toBe('oauth2');
    });
  });

  describe('OAuth 1.0a', () => {
    it('turns a verified request into a principal acting through the authorization', async () => {
      const verifiedRequest = oauth1Verified();
      const { authenticator, oauth1Calls, metrics } = setup({ oauth1: verifiedRequest });
      const req = request({ authorization: OAUTH1_HEADER });

      const principal = await authenticator.authenticate(req);

      expect(oauth1Calls).toEqual([{ request: req, kind: 'resource', use: { entry: 'gateway', actions: ['query'] } }]);
      expect(principal).toMatchObject({
        via: 'oauth1',
        tokenId: 'access-token-key',
        expiresAt: null,
        grants: ['basic', 'editpage'],
      });
      expect(principal.user).toBe(verifiedRequest.authorization!.user);
      expect(principal.consumer).toBe(verifiedRequest.consumer);
      expect([...principal.rights].sort()).toEqual(['edit', 'read']);
      expect(metrics).toEqual([{ oauth_version: '1', result: 'ok' }]);
    });

    it('returns the same principal for the same cached authorization, user and consumer', async () => {
      const cached = oauth1Verified(snapshot(makeUser()));
      const { authenticator } = setup({ oauth1: { ...cached, consumer: snapshot(cached.consumer) } });

      const first = await authenticator.authenticate(request({ authorization: OAUTH1_HEADER }));
      const second = await authenticator.authenticate(request({ authorization: OAUTH1_HEADER }));

      expect(second).toBe(first);
    });

    it('answers 401 mwoauth-invalid-authorization with the OAuth challenge for a bad signature', async () => {
      const { authenticator, audit } = setup({
        oauth1: new OAuth1ProtocolError('invalid_signature', 'Invalid signature', 401),
      });

      const error = await refusal(
        authenticator.authenticate(request({ authorization: OAUTH1_HEADER })),
        401,
        'mwoauth-invalid-authorization',
      );

      expect(error.challenge).toBe(`OAuth realm="${REALM}"`);
      expect(error.message).toMatch(/Invalid signature/);
      expect(audit.counted).toEqual([
        { action: 'oauth1.request_refused', target: 'mwoauth-invalid-authorization', ip: CLIENT_IP },
      ]);
    });

    it('answers 403 mwoauthdatastore-bad-source-ip, without a challenge, for the verifier IP refusal', async () => {
      // The verifier asks the policy's client checks before the signature and throws its coded refusal.
      const denied = new AccessDenied(
        'ip_not_allowed',
        'Requests from this IP address are not allowed for this application.',
      );
      const { authenticator, audit } = setup({ oauth1: denied });

      const error = await refusal(
        authenticator.authenticate(request({ authorization: OAUTH1_HEADER })),
        403,
        'mwoauthdatastore-bad-source-ip',
      );

      expect(error.challenge).toBeUndefined();
      expect(audit.counted).toEqual([
        { action: 'oauth1.request_refused', target: 'mwoauthdatastore-bad-source-ip', ip: CLIENT_IP },
      ]);
    });

    it('answers 401 with the OAuth challenge when the verifier finds no such consumer', async () => {
      const { authenticator } = setup({ oauth1: new AccessDenied('consumer_unknown', 'No such application.') });

      const error = await refusal(
        authenticator.authenticate(request({ authorization: OAUTH1_HEADER })),
        401,
        'mwoauth-invalid-authorization',
      );

      expect(error.challenge).toBe(`OAuth realm="${REALM}"`);
    });

    it('answers 401 mwoauth-invalid-authorization for a revoked access token (the verifier E-error)', async () => {
      const { authenticator } = setup({ oauth1: E.accessTokenNotFound() });

      const error = await refusal(
        authenticator.authenticate(request({ authorization: OAUTH1_HEADER })),
        401,
        'mwoauth-invalid-authorization',
      );

      expect(error.challenge).toBe(`OAuth realm="${REALM}"`);
    });

    it('answers 403 mwoauth-invalid-authorization-blocked-user for a blocked user', async () => {
      const { authenticator } = setup({ oauth1: oauth1Verified(makeUser({ blocked: true })) });

      await refusal(
        authenticator.authenticate(request({ authorization: OAUTH1_HEADER })),
        403,
        'mwoauth-invalid-authorization-blocked-user',
      );
    });

    it('answers 403 mwoauth-invalid-authorization-not-approved for a disabled consumer', async () => {
      const verifiedRequest = { ...oauth1Verified(), consumer: makeOAuth1Consumer({ stage: ConsumerStage.Disabled }) };
      const { authenticator } = setup({ oauth1: verifiedRequest });

      await refusal(
        authenticator.authenticate(request({ authorization: OAUTH1_HEADER })),
        403,
        'mwoauth-invalid-authorization-not-approved',
      );
    });

    it('answers 403 mwoauth-invalid-authorization-wrong-wiki for an authorization for another wiki', async () => {
      const verifiedRequest = oauth1Verified();
      verifiedRequest.authorization = { ...verifiedRequest.authorization!, wiki: 'dewiki' };
      const anyWiki = setup({ oauth1: verifiedRequest }).authenticator;
      const enwiki = setup({ oauth1: verifiedRequest, wikiId: 'enwiki' }).authenticator;

      await expect(anyWiki.authenticate(request({ authorization: OAUTH1_HEADER }))).resolves.toMatchObject({
        via: 'oauth1',
      });
      await refusal(
        enwiki.authenticate(request({ authorization: OAUTH1_HEADER })),
        403,
        'mwoauth-invalid-authorization-wrong-wiki',
      );
    });

    it('lets an unexpected error through as it is (a 500, not a refusal)', async () => {
      const broken = new Error('database unavailable');
      const { authenticator } = setup({ oauth1: broken });

      const caught = await rejection(authenticator.authenticate(request({ authorization: OAUTH1_HEADER })));

      expect(caught).toBe(broken);
    });
  });
});
