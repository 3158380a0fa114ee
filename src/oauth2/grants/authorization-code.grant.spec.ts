import { AppConfig } from '../../common/config/app-config.service';
import { Consumer } from '../../consumers/consumer.entity';
import { ConsumerStage } from '../../access/consumer-stage';
import { OAuth2ProtocolError, s256Challenge } from '../../protocol/oauth2';
import { testPolicy } from '../../testing/access';
import { ALICE_ID, makeAuthorization, makeConsumer, makeUser } from '../../testing/entities';
import { rejection } from '../../testing/rejection';
import { FakeAuditLog, FakeAuthorizations, FakeTokenIssuer, FakeTokenStore, FakeUsers } from '../../testing/stores';
import { User } from '../../users/user.entity';
import { AuthorizationCodes, CodeRecord } from '../authorization-codes';
import { IdTokens } from '../id-tokens';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { GrantChecks } from './user-checks';

const CLIENT_IP = '192.0.2.10';
const CODE = 'the-code';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const consumer = makeConsumer();

/** AuthorizationCodes.redeem over a map: a code gives its record once, then names its family. */
class FakeCodes {
  readonly records = new Map<string, CodeRecord>();
  readonly used = new Map<string, string>();

  async redeem(code: string): Promise<{ record?: CodeRecord; reusedFamily?: string }> {
    const record = this.records.get(code);
    if (record) {
      this.records.delete(code);
      this.used.set(code, record.familyId);
      return { record };
    }
    const reusedFamily = this.used.get(code);
    return reusedFamily ? { reusedFamily } : {};
  }

  asService(): AuthorizationCodes {
    return this as unknown as AuthorizationCodes;
  }
}

class FakeIdTokens {
  readonly issued: Parameters<IdTokens['issue']>[0][] = [];

  async issue(input: {
    user: User;
    clientId: string;
    nonce?: string;
    authTime: number;
    grants: string[];
  }): Promise<string> {
    this.issued.push(input);
    return 'id-token';
  }
}

function codeRecord(overrides: Partial<CodeRecord> = {}): CodeRecord {
  return {
    clientId: consumer.consumerKey,
    userId: ALICE_ID,
    authorizationId: 100,
    scopes: ['basic', 'editpage'],
    authTime: 1_700_000_000,
    familyId: 'family-code',
    ...overrides,
  };
}

interface Setup {
  client?: Consumer;
  record?: CodeRecord;
  authorizations?: FakeAuthorizations;
  users?: FakeUsers;
}

function setup(options: Setup = {}) {
  const codes = new FakeCodes();
  codes.records.set(CODE, options.record ?? codeRecord());
  const tokens = new FakeTokenStore();
  const issuer = new FakeTokenIssuer();
  const idTokens = new FakeIdTokens();
  const audit = new FakeAuditLog();
  const authorizations = options.authorizations ?? new FakeAuthorizations(makeAuthorization());
  const users = options.users ?? new FakeUsers(makeUser());
  const checks = new GrantChecks(authorizations.asService(), users.asService(), testPolicy());
  const config = { oauth2: { allowPlainPkce: false } } as unknown as AppConfig;
  const grant = new AuthorizationCodeGrant(
    codes.asService(),
    tokens.asService(),
    issuer.asService(),
    checks,
    idTokens as unknown as IdTokens,
    config,
    audit.asService(),
  );
  const client = options.client ?? consumer;
  const redeem = (params: Record<string, string | undefined> = { code: CODE }) =>
    grant.handle({ client: { consumer: client, method: 'client_secret_basic' }, params, clientIp: CLIENT_IP });
  return { redeem, tokens, issuer, idTokens, audit };
}

async function refused(promise: Promise<unknown>, error: string, status = 400): Promise<OAuth2ProtocolError> {
  const caught = await rejection(promise);
  expect(caught).toBeInstanceOf(OAuth2ProtocolError);
  expect(caught).toMatchObject({ error, status });
  return caught as OAuth2ProtocolError;
}

describe('AuthorizationCodeGrant', () => {
  describe('a good code', () => {
    it('issues an access and a refresh token in the code family, for the code user and authorization', async () => {
      const { redeem, issuer, idTokens } = setup();

      const issued = await redeem();

      expect(issued).toEqual({
        access_token: 'access-token',
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'basic editpage',
        refresh_token: 'refresh-token',
      });
      expect(issuer.issued).toEqual([
        {
          grant: {
            consumer,
            userId: ALICE_ID,
            authorizationId: 100,
            scopes: ['basic', 'editpage'],
            grantType: 'authorization_code',
            familyId: 'family-code',
          },
          options: { refresh: true },
        },
      ]);
      expect(idTokens.issued).toEqual([]);
    });

    it('issues no refresh token to a client not registered for refresh_token', async () => {
      const client = makeConsumer({ oauth2GrantTypes: ['authorization_code'] });
      const { redeem, issuer } = setup({ client });

      const issued = await redeem();

      expect(issued.refresh_token).toBeUndefined();
      expect(issuer.issued[0].options).toEqual({ refresh: false });
    });

    it('adds an ID token for scope openid, with the nonce and the grants without openid', async () => {
      const { redeem, idTokens } = setup({
        record: codeRecord({ scopes: ['openid', 'basic'], nonce: 'n-0S6_WzA2Mj' }),
      });

      const issued = await redeem();

      expect(issued).toMatchObject({ id_token: 'id-token' });
      expect(idTokens.issued).toEqual([
        {
          user: expect.objectContaining({ id: ALICE_ID }),
          clientId: consumer.consumerKey,
          nonce: 'n-0S6_WzA2Mj',
          authTime: 1_700_000_000,
          grants: ['basic'],
        },
      ]);
    });

    it('narrows the scopes to the authorization, when the user narrowed it after the code was issued', async () => {
      const { redeem, issuer } = setup({
        authorizations: new FakeAuthorizations(makeAuthorization({ grants: ['basic'] })),
      });

      await redeem();

      expect(issuer.issued[0].grant.scopes).toEqual(['basic']);
    });
  });

  describe('the code itself', () => {
    it('revokes every token of the family and answers invalid_grant when a code is used twice', async () => {
      const { redeem, tokens, issuer, audit } = setup();
      await redeem();

      const error = await refused(redeem(), 'invalid_grant');

      expect(error.description).toMatch(/already used/);
      expect(tokens.revokedFamilies).toEqual(['family-code']);
      expect(issuer.issued).toHaveLength(1);
      expect(audit.recorded).toEqual([
        {
          action: 'oauth2.code_reused',
          target: `client ${consumer.consumerKey}`,
          ip: CLIENT_IP,
          details: { family: 'family-code' },
        },
      ]);
    });

    it('refuses an unknown or expired code with invalid_grant', async () => {
      const { redeem, tokens } = setup();

      await refused(redeem({ code: 'unknown' }), 'invalid_grant');

      expect(tokens.revokedFamilies).toEqual([]);
    });

    it('refuses another client code with invalid_grant, issuing nothing', async () => {
      const { redeem, issuer } = setup({ record: codeRecord({ clientId: 'another-client' }) });

      await refused(redeem(), 'invalid_grant');

      expect(issuer.issued).toEqual([]);
    });

    it('asks for the code with invalid_request', async () => {
      const { redeem } = setup();

      await refused(redeem({}), 'invalid_request');
    });

    it('refuses a redirect_uri other than the one sent to /authorize (RFC 6749 §4.1.3)', async () => {
      const { redeem, issuer } = setup({ record: codeRecord({ redirectUri: 'https://client.example/callback' }) });

      await refused(redeem({ code: CODE, redirect_uri: 'https://client.example/other' }), 'invalid_grant');

      expect(issuer.issued).toEqual([]);
    });

    it('requires the redirect_uri at the token endpoint when one was sent to /authorize', async () => {
      const { redeem, issuer } = setup({ record: codeRecord({ redirectUri: 'https://client.example/callback' }) });

      await refused(redeem(), 'invalid_grant');

      expect(issuer.issued).toEqual([]);
    });

    it('refuses a redirect_uri other than the registered one when /authorize had none', async () => {
      const { redeem } = setup();

      await refused(redeem({ code: CODE, redirect_uri: 'https://evil.example/callback' }), 'invalid_grant');
    });
  });

  describe('PKCE (RFC 7636 §4.6)', () => {
    const withChallenge = () => codeRecord({ challenge: s256Challenge(VERIFIER), challengeMethod: 'S256' });

    it('issues for the right code_verifier', async () => {
      const { redeem, issuer } = setup({ record: withChallenge() });

      await redeem({ code: CODE, code_verifier: VERIFIER });

      expect(issuer.issued).toHaveLength(1);
    });

    it('refuses a wrong code_verifier with invalid_grant', async () => {
      const { redeem, issuer } = setup({ record: withChallenge() });

      const error = await refused(redeem({ code: CODE, code_verifier: `${VERIFIER.slice(0, -1)}Y` }), 'invalid_grant');

      expect(error.description).toBe('Failed to verify code_verifier.');
      expect(issuer.issued).toEqual([]);
    });

    it('refuses a missing code_verifier with invalid_grant', async () => {
      const { redeem, issuer } = setup({ record: withChallenge() });

      await refused(redeem(), 'invalid_grant');

      expect(issuer.issued).toEqual([]);
    });

    it('refuses a code_verifier for a code that had no challenge with invalid_request', async () => {
      const { redeem, issuer } = setup();

      await refused(redeem({ code: CODE, code_verifier: VERIFIER }), 'invalid_request');

      expect(issuer.issued).toEqual([]);
    });
  });

  describe('what stands behind the code (the access policy)', () => {
    it('answers invalid_grant when the authorization was revoked after the code was issued', async () => {
      const { redeem, issuer } = setup({ authorizations: new FakeAuthorizations() });

      const error = await refused(redeem(), 'invalid_grant');

      expect(error.description).toBe('The authorization behind this grant was revoked.');
      expect(issuer.issued).toEqual([]);
    });

    it('answers invalid_grant when the user was blocked after the code was issued', async () => {
      const { redeem, issuer } = setup({ users: new FakeUsers(makeUser({ blocked: true })) });

      await refused(redeem(), 'invalid_grant');

      expect(issuer.issued).toEqual([]);
    });

    it('answers invalid_grant when the client was disabled after the code was issued', async () => {
      const client = makeConsumer({ stage: ConsumerStage.Disabled });
      const { redeem, issuer } = setup({ client });

      await refused(redeem(), 'invalid_grant');

      expect(issuer.issued).toEqual([]);
    });

    it('answers unauthorized_client when the client is no longer registered for authorization_code', async () => {
      const client = makeConsumer({ oauth2GrantTypes: ['client_credentials'] });
      const { redeem, issuer } = setup({ client });

      await refused(redeem(), 'unauthorized_client');

      expect(issuer.issued).toEqual([]);
    });
  });
});
