import { AppConfig } from '../../common/config/app-config.service';
import { Consumer } from '../../consumers/consumer.entity';
import { ConsumerStage } from '../../access/consumer-stage';
import { OAuth2ProtocolError } from '../../protocol/oauth2';
import { testPolicy } from '../../testing/access';
import { ALICE_ID, BOB_ID, makeAuthorization, makeConsumer, makeTokenRow, makeUser } from '../../testing/entities';
import { rejection } from '../../testing/rejection';
import { FakeAuditLog, FakeAuthorizations, FakeTokenIssuer, FakeTokenStore, FakeUsers } from '../../testing/stores';
import { OAuth2Token } from '../../tokens/oauth2-token.entity';
import { RefreshTokenGrant } from './refresh-token.grant';
import { GrantChecks } from './user-checks';

const CLIENT_IP = '192.0.2.10';
const PRESENTED = 'presented-refresh-token';

interface Setup {
  consumer?: Consumer;
  row?: OAuth2Token;
  authorizations?: FakeAuthorizations;
  users?: FakeUsers;
  graceSeconds?: number;
}

/** RefreshTokenGrant over in-memory stores and the real GrantChecks and access policy. */
function setup(options: Setup = {}) {
  const consumer = options.consumer ?? makeConsumer();
  const tokens = new FakeTokenStore();
  const row = options.row ?? makeTokenRow();
  tokens.refresh.set(PRESENTED, row);
  const issuer = new FakeTokenIssuer();
  const audit = new FakeAuditLog();
  const authorizations = options.authorizations ?? new FakeAuthorizations(makeAuthorization());
  const users = options.users ?? new FakeUsers(makeUser());
  const checks = new GrantChecks(authorizations.asService(), users.asService(), testPolicy());
  const config = { oauth2: { refreshGraceSeconds: options.graceSeconds ?? 0 } } as unknown as AppConfig;
  const grant = new RefreshTokenGrant(tokens.asService(), issuer.asService(), checks, config, audit.asService());
  const refresh = (params: Record<string, string | undefined> = { refresh_token: PRESENTED }) =>
    grant.handle({ client: { consumer, method: 'client_secret_basic' }, params, clientIp: CLIENT_IP });
  return { grant, refresh, tokens, issuer, audit, row, consumer };
}

/** Asserts an OAuth2ProtocolError with this code and status, and returns it. */
async function refused(promise: Promise<unknown>, error: string, status = 400): Promise<OAuth2ProtocolError> {
  const caught = await rejection(promise);
  expect(caught).toBeInstanceOf(OAuth2ProtocolError);
  expect(caught).toMatchObject({ error, status });
  return caught as OAuth2ProtocolError;
}

describe('RefreshTokenGrant', () => {
  describe('rotation', () => {
    it('consumes the presented token and issues a new pair in the same transaction and family', async () => {
      const { refresh, tokens, issuer, row, consumer } = setup();

      const issued = await refresh();

      expect(issued).toEqual({
        access_token: 'access-token',
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'basic editpage',
        refresh_token: 'refresh-token',
      });
      expect(tokens.transactions).toBe(1);
      expect(tokens.consumed.has(row.id)).toBe(true);
      expect(tokens.consumedWith).toEqual([tokens.manager]);
      expect(issuer.issued).toHaveLength(1);
      expect(issuer.issued[0].grant).toEqual({
        consumer,
        userId: ALICE_ID,
        authorizationId: 100,
        scopes: ['basic', 'editpage'],
        grantType: 'refresh_token',
        familyId: 'family-1',
      });
      // The new tokens are written inside the rotation's transaction (never a half-written rotation).
      expect(issuer.issued[0].options).toEqual({ refresh: true, manager: tokens.manager });
      expect(tokens.revokedFamilies).toEqual([]);
    });

    it('narrows the scope when the client asks for less', async () => {
      const { refresh, issuer } = setup();

      const issued = await refresh({ refresh_token: PRESENTED, scope: 'basic' });

      expect(issued.scope).toBe('basic');
      expect(issuer.issued[0].grant.scopes).toEqual(['basic']);
    });

    it('narrows the scope to what the authorization still grants, when the user narrowed it since', async () => {
      const { refresh, issuer } = setup({
        authorizations: new FakeAuthorizations(makeAuthorization({ grants: ['basic'] })),
      });

      await refresh();

      expect(issuer.issued[0].grant.scopes).toEqual(['basic']);
    });
  });

  describe('reuse (RFC 9700 §4.14.2)', () => {
    it('revokes the whole family and answers invalid_grant when the token was already consumed', async () => {
      const { refresh, tokens, issuer, audit, row } = setup({
        row: makeTokenRow({ consumedAt: new Date(Date.now() - 1000) }),
      });
      tokens.consumed.add(row.id);

      const error = await refused(refresh(), 'invalid_grant');

      expect(error.description).toMatch(/already used/);
      expect(tokens.revokedFamilies).toEqual(['family-1']);
      expect(issuer.issued).toEqual([]);
      expect(audit.recorded).toEqual([
        {
          action: 'oauth2.refresh_reused',
          target: 'client a1b2c3d4e5f60718293a4b5c6d7e8f90',
          ip: CLIENT_IP,
          details: { family: 'family-1', user: ALICE_ID },
        },
      ]);
    });

    it('issues again within OAUTH2_REFRESH_GRACE_SECONDS of the first use (a retried request)', async () => {
      const { refresh, tokens, issuer, row } = setup({
        graceSeconds: 30,
        row: makeTokenRow({ consumedAt: new Date(Date.now() - 5000) }),
      });
      tokens.consumed.add(row.id);

      await refresh();

      expect(issuer.issued).toHaveLength(1);
      expect(tokens.revokedFamilies).toEqual([]);
    });

    // docs/oauth2.md "Refresh rotation": within OAUTH2_REFRESH_GRACE_SECONDS of its use a consumed
    // token is served again. Two requests at once (a client retrying a slow refresh) both read the
    // row before either consumes it, so the loser sees consumedAt null: the grant then takes the
    // retry for a theft and revokes the family, though the token was used milliseconds ago.
    it('serves a concurrent retry within the grace period instead of revoking the family', async () => {
      const { refresh, tokens, issuer, row } = setup({ graceSeconds: 30, row: makeTokenRow({ consumedAt: null }) });
      // The other request consumed it after this one read the row (consumedAt null as read).
      tokens.consumed.add(row.id);

      await refresh();

      expect(tokens.revokedFamilies).toEqual([]);
      expect(issuer.issued).toHaveLength(1);
    });

    it('revokes the family once the grace period is over', async () => {
      const { refresh, tokens, issuer, row } = setup({
        graceSeconds: 30,
        row: makeTokenRow({ consumedAt: new Date(Date.now() - 60_000) }),
      });
      tokens.consumed.add(row.id);

      await refused(refresh(), 'invalid_grant');

      expect(tokens.revokedFamilies).toEqual(['family-1']);
      expect(issuer.issued).toEqual([]);
    });
  });

  describe('the token itself', () => {
    it.each<[string, Partial<OAuth2Token>]>([
      ['issued to another client', { consumerId: 2 }],
      ['revoked', { revokedAt: new Date(Date.now() - 1000) }],
      ['expired', { expiresAt: new Date(Date.now() - 1000) }],
    ])('refuses a refresh token (%s) with invalid_grant, spending nothing', async (_name, overrides) => {
      const { refresh, tokens, issuer } = setup({ row: makeTokenRow(overrides) });

      await refused(refresh(), 'invalid_grant');

      expect(tokens.transactions).toBe(0);
      expect(tokens.revokedFamilies).toEqual([]);
      expect(issuer.issued).toEqual([]);
    });

    it('refuses an unknown refresh token with invalid_grant', async () => {
      const { refresh } = setup();

      await refused(refresh({ refresh_token: 'unknown' }), 'invalid_grant');
    });

    it('asks for the refresh_token parameter with invalid_request', async () => {
      const { refresh } = setup();

      await refused(refresh({}), 'invalid_request');
    });

    it('refuses a wider scope with invalid_scope, before the token is consumed', async () => {
      const { refresh, tokens, issuer } = setup();

      const error = await refused(
        refresh({ refresh_token: PRESENTED, scope: 'basic editpage delete' }),
        'invalid_scope',
      );

      expect(error.description).toMatch(/delete/);
      expect(tokens.transactions).toBe(0);
      expect(issuer.issued).toEqual([]);
    });
  });

  describe('what stands behind the grant (the access policy)', () => {
    it('answers invalid_grant when the authorization was revoked, leaving the token unspent', async () => {
      const { refresh, tokens, issuer } = setup({ authorizations: new FakeAuthorizations() });

      const error = await refused(refresh(), 'invalid_grant');

      expect(error.description).toMatch(/revoked/);
      expect(tokens.transactions).toBe(0);
      expect(issuer.issued).toEqual([]);
    });

    it('answers invalid_grant when the authorization now belongs to someone else', async () => {
      const { refresh, issuer } = setup({
        authorizations: new FakeAuthorizations(makeAuthorization({ userId: BOB_ID })),
        users: new FakeUsers(makeUser(), makeUser({ id: BOB_ID })),
      });

      await refused(refresh(), 'invalid_grant');

      expect(issuer.issued).toEqual([]);
    });

    it.each<[string, { blocked?: boolean; locked?: boolean }]>([
      ['blocked', { blocked: true }],
      ['locked', { locked: true }],
    ])('answers invalid_grant when the user is %s', async (_name, state) => {
      const { refresh, issuer, tokens } = setup({ users: new FakeUsers(makeUser(state)) });

      const error = await refused(refresh(), 'invalid_grant');

      expect(error.description).toBe('The user may not use applications now.');
      expect(issuer.issued).toEqual([]);
      expect(tokens.transactions).toBe(0);
    });

    it.each<[string, ConsumerStage]>([
      ['disabled', ConsumerStage.Disabled],
      ['rejected', ConsumerStage.Rejected],
      ['expired', ConsumerStage.Expired],
    ])('answers invalid_grant (not unauthorized_client) when the client is now %s', async (_name, stage) => {
      const { refresh, issuer } = setup({ consumer: makeConsumer({ stage }) });

      const error = await refused(refresh(), 'invalid_grant');

      expect(error.description).toBe('This client is not approved for use.');
      expect(issuer.issued).toEqual([]);
    });

    it('answers 403 access_denied when the client calls from outside its IP allow-list', async () => {
      const { refresh, issuer } = setup({ consumer: makeConsumer({ restrictions: ['10.0.0.0/8'] }) });

      await refused(refresh(), 'access_denied', 403);

      expect(issuer.issued).toEqual([]);
    });
  });
});
