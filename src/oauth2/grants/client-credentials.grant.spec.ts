import { AppConfig } from '../../common/config/app-config.service';
import { Consumer } from '../../consumers/consumer.entity';
import { ConsumerStage } from '../../access/consumer-stage';
import { GrantCatalog } from '../../catalog/grant-catalog';
import { OAuth2ProtocolError } from '../../protocol/oauth2';
import { testPolicy } from '../../testing/access';
import { makeAuthorization, makeConsumer, makeUser, OWNER_ID } from '../../testing/entities';
import { rejection } from '../../testing/rejection';
import { FakeAuthorizations, FakeTokenIssuer, FakeUsers } from '../../testing/stores';
import { AuthenticatedClient } from '../client-authenticator.service';
import { ClientCredentialsGrant } from './client-credentials.grant';
import { GrantChecks } from './user-checks';

const CLIENT_IP = '192.0.2.10';
const catalog = GrantCatalog.fromFile();

interface Setup {
  consumer?: Consumer;
  method?: AuthenticatedClient['method'];
  authorizations?: FakeAuthorizations;
  users?: FakeUsers;
}

function setup(options: Setup = {}) {
  const consumer = options.consumer ?? makeConsumer({ grants: ['basic', 'editpage', 'import'] });
  const issuer = new FakeTokenIssuer();
  const authorizations = options.authorizations ?? new FakeAuthorizations();
  const users = options.users ?? new FakeUsers(makeUser({ id: OWNER_ID }));
  const checks = new GrantChecks(authorizations.asService(), users.asService(), testPolicy());
  const grant = new ClientCredentialsGrant(
    issuer.asService(),
    authorizations.asService(),
    checks,
    catalog,
    {} as unknown as AppConfig,
  );
  const request = (params: Record<string, string | undefined> = {}) =>
    grant.handle({
      client: { consumer, method: options.method ?? 'client_secret_basic' },
      params,
      clientIp: CLIENT_IP,
    });
  return { request, issuer, consumer };
}

/** An owner-only consumer with its owner's authorization (the long-lived token's). */
function ownerOnly(owner = makeUser({ id: OWNER_ID })) {
  const consumer = makeConsumer({ ownerOnly: true, grants: ['basic', 'editpage', 'import'] });
  const authorization = makeAuthorization({ id: 300, userId: OWNER_ID, grants: ['basic', 'editpage', 'import'] });
  return setup({ consumer, authorizations: new FakeAuthorizations(authorization), users: new FakeUsers(owner) });
}

async function refused(promise: Promise<unknown>, error: string, status = 400): Promise<OAuth2ProtocolError> {
  const caught = await rejection(promise);
  expect(caught).toBeInstanceOf(OAuth2ProtocolError);
  expect(caught).toMatchObject({ error, status });
  return caught as OAuth2ProtocolError;
}

describe('ClientCredentialsGrant', () => {
  describe('app-only (a consumer that is not owner-only)', () => {
    it('issues a token acting for nobody, with all the client grants and no refresh token', async () => {
      const { request, issuer, consumer } = setup();

      const issued = await request();

      expect(issued.refresh_token).toBeUndefined();
      expect(issuer.issued).toHaveLength(1);
      expect(issuer.issued[0].grant).toMatchObject({
        consumer,
        userId: null,
        authorizationId: null,
        scopes: ['basic', 'editpage', 'import'],
        grantType: 'client_credentials',
      });
      expect(issuer.issued[0].options).toEqual({ refresh: false });
    });

    it('narrows to the requested scope, keeping the irrevocable grants', async () => {
      const { request, issuer } = setup();

      await request({ scope: 'editpage' });

      expect(issuer.issued[0].grant.scopes).toEqual(['basic', 'editpage']);
    });

    it('refuses a scope outside the client grants with invalid_scope', async () => {
      const { request, issuer } = setup();

      const error = await refused(request({ scope: 'basic delete' }), 'invalid_scope');

      expect(error.description).toMatch(/delete/);
      expect(issuer.issued).toEqual([]);
    });

    it.each<[string, ConsumerStage]>([
      ['disabled', ConsumerStage.Disabled],
      ['proposed', ConsumerStage.Proposed],
      ['rejected', ConsumerStage.Rejected],
    ])(
      'answers unauthorized_client for a %s client (no owner to test it: app-only acts for nobody)',
      async (_name, stage) => {
        const { request, issuer } = setup({ consumer: makeConsumer({ stage }) });

        const error = await refused(request(), 'unauthorized_client');

        expect(error.description).toBe('This client is not approved for use.');
        expect(issuer.issued).toEqual([]);
      },
    );

    it('answers unauthorized_client for a public client, before anything else', async () => {
      const { request, issuer } = setup({ method: 'none', consumer: makeConsumer({ oauth2IsConfidential: false }) });

      await refused(request(), 'unauthorized_client');

      expect(issuer.issued).toEqual([]);
    });

    it('answers unauthorized_client when the client was not registered for client_credentials', async () => {
      const { request, issuer } = setup({
        consumer: makeConsumer({ oauth2GrantTypes: ['authorization_code', 'refresh_token'] }),
      });

      const error = await refused(request(), 'unauthorized_client');

      expect(error.description).toMatch(/client_credentials/);
      expect(issuer.issued).toEqual([]);
    });

    it('answers 403 access_denied outside the client IP allow-list', async () => {
      const { request, issuer } = setup({ consumer: makeConsumer({ restrictions: ['10.0.0.0/8'] }) });

      await refused(request(), 'access_denied', 403);

      expect(issuer.issued).toEqual([]);
    });
  });

  describe('owner-only', () => {
    it('issues a token acting as the owner, on the owner authorization, with its grants', async () => {
      const { request, issuer, consumer } = ownerOnly();

      await request();

      expect(issuer.issued).toHaveLength(1);
      expect(issuer.issued[0].grant).toMatchObject({
        consumer,
        userId: OWNER_ID,
        authorizationId: 300,
        scopes: ['basic', 'editpage', 'import'],
        grantType: 'client_credentials',
      });
      expect(issuer.issued[0].options).toEqual({ refresh: false });
    });

    it('narrows to the requested scope, keeping the irrevocable grants', async () => {
      const { request, issuer } = ownerOnly();

      await request({ scope: 'import' });

      expect(issuer.issued[0].grant.scopes).toEqual(['basic', 'import']);
    });

    it('ignores requested names the owner authorization does not hold (docs/oauth2.md#grant-types)', async () => {
      const { request, issuer } = ownerOnly();

      await request({ scope: 'import delete' });

      expect(issuer.issued[0].grant.scopes).toEqual(['basic', 'import']);
    });

    it.each<[string, { blocked?: boolean; locked?: boolean }]>([
      ['blocked', { blocked: true }],
      ['locked', { locked: true }],
    ])('answers invalid_grant when the owner is %s', async (_name, state) => {
      const { request, issuer } = ownerOnly(makeUser({ id: OWNER_ID, ...state }));

      const error = await refused(request(), 'invalid_grant');

      expect(error.description).toBe('The user may not use applications now.');
      expect(issuer.issued).toEqual([]);
    });

    it('answers invalid_grant when the owner authorization is gone', async () => {
      const consumer = makeConsumer({ ownerOnly: true });
      const { request, issuer } = setup({ consumer, authorizations: new FakeAuthorizations() });

      await refused(request(), 'invalid_grant');

      expect(issuer.issued).toEqual([]);
    });

    it('issues nothing when the owner-only client is disabled', async () => {
      const consumer = makeConsumer({ ownerOnly: true, stage: ConsumerStage.Disabled });
      const authorization = makeAuthorization({ id: 300, userId: OWNER_ID });
      const { request, issuer } = setup({ consumer, authorizations: new FakeAuthorizations(authorization) });

      const error = await rejection(request());

      expect(error).toBeInstanceOf(OAuth2ProtocolError);
      expect(error).toMatchObject({ status: 400, description: 'This client is not approved for use.' });
      expect(issuer.issued).toEqual([]);
    });

    // docs/security.md "Reason codes", consumer_not_approved at the token endpoint: "invalid_grant;
    // unauthorized_client for client credentials". The owner-only path asks GrantChecks.userGrant,
    // which maps it without `appOnly`, so this client_credentials request gets invalid_grant.
    it('answers unauthorized_client, like any client_credentials request, when owner-only and disabled', async () => {
      const consumer = makeConsumer({ ownerOnly: true, stage: ConsumerStage.Disabled });
      const authorization = makeAuthorization({ id: 300, userId: OWNER_ID });
      const { request } = setup({ consumer, authorizations: new FakeAuthorizations(authorization) });

      await refused(request(), 'unauthorized_client');
    });
  });
});
