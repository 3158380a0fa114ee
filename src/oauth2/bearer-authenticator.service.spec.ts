import { AccessDenied } from '../access/access-denied';
import { Use } from '../access/facts';
import { Authorization } from '../authorizations/authorization.entity';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerStage } from '../access/consumer-stage';
import { testPolicy } from '../testing/access';
import { makeAuthorization, makeConsumer, makeTokenRow, makeUser } from '../testing/entities';
import { rejection } from '../testing/rejection';
import { User } from '../users/user.entity';
import { AccessTokenVerifier, VerifiedAccessToken } from './access-token-verifier.service';
import { BearerAuthenticator } from './bearer-authenticator.service';
import { OAuth2Token } from '../tokens/oauth2-token.entity';
import { snapshot, Snapshot } from '../database/cache/snapshot';

const JWT = 'header.payload.signature';
const CLIENT_IP = '192.0.2.10';
const RESOURCE: Use = { entry: 'resource' };

/** What AccessTokenVerifier.verify hands over for a token of Alice's authorization 100. */
interface Overrides {
  consumer?: Consumer;
  user?: User | null;
  authorization?: Authorization | null;
  token?: OAuth2Token;
  scopes?: string[];
}

function verified(overrides: Overrides = {}): VerifiedAccessToken {
  const user = overrides.user === undefined ? makeUser() : overrides.user;
  const authorization = overrides.authorization === undefined ? makeAuthorization() : overrides.authorization;
  return {
    payload: { jti: 'jti-1', client_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' },
    // Stands for a cached row: the principal memo keys on its identity.
    token: (overrides.token ?? makeTokenRow({ kind: 'access' })) as Snapshot<OAuth2Token>,
    consumer: overrides.consumer ?? makeConsumer(),
    user,
    authorization,
    scopes: overrides.scopes ?? ['basic', 'editpage'],
  };
}

/** An app-only (client credentials) token: no user, no authorization. */
function appOnly(scopes = ['basic', 'editpage']): VerifiedAccessToken {
  return verified({
    user: null,
    authorization: null,
    scopes,
    token: makeTokenRow({ kind: 'access', userId: null, authorizationId: null }),
  });
}

/** The verifier answers one JWT with `access`, or throws what it is given. */
function authenticator(first: VerifiedAccessToken | Error) {
  const calls: string[] = [];
  let access = first;
  const verifier = {
    async verify(jwt: string): Promise<VerifiedAccessToken> {
      calls.push(jwt);
      if (access instanceof Error) throw access;
      return access;
    },
  };
  const answer = (next: VerifiedAccessToken) => {
    access = next;
  };
  return { bearer: new BearerAuthenticator(verifier as unknown as AccessTokenVerifier, testPolicy()), calls, answer };
}

async function denied(promise: Promise<unknown>, reason: AccessDenied['reason']): Promise<AccessDenied> {
  const caught = await rejection(promise);
  expect(caught).toBeInstanceOf(AccessDenied);
  expect(caught).toMatchObject({ reason });
  return caught as AccessDenied;
}

describe('BearerAuthenticator', () => {
  describe('allowed', () => {
    it('returns a principal whose rights are the user rights within the token grants', async () => {
      const access = verified();
      const { bearer, calls } = authenticator(access);

      const { principal, access: returned } = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);

      expect(calls).toEqual([JWT]);
      expect(returned).toBe(access);
      // Alice has read, edit, import, mwoauthmanagemygrants; basic + editpage give read and edit.
      expect([...principal.rights].sort()).toEqual(['edit', 'read']);
      expect(principal).toMatchObject({
        user: access.user,
        consumer: access.consumer,
        via: 'oauth2',
        tokenId: 'jti-1',
        expiresAt: access.token.expiresAt,
        grants: ['basic', 'editpage'],
        groups: ['*', 'user'],
      });
    });

    it('never gives a right the user lacks, whatever the grants', async () => {
      const { bearer } = authenticator(
        verified({ scopes: ['basic', 'delete'], authorization: makeAuthorization({ grants: ['basic', 'delete'] }) }),
      );

      const { principal } = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);

      expect([...principal.rights]).toEqual(['read']);
    });

    it('returns the same principal object for the same cached token, user and consumer', async () => {
      const { bearer } = authenticator(verified({ user: snapshot(makeUser()), consumer: snapshot(makeConsumer()) }));

      const first = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);
      const second = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);

      expect(second.principal).toBe(first.principal);
      expect(Object.isFrozen(first.principal)).toBe(true);
    });

    it('builds a fresh principal for a user that is not a cache snapshot (it could change in place)', async () => {
      const { bearer } = authenticator(verified({ consumer: snapshot(makeConsumer()) }));

      const first = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);
      const second = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);

      expect(second.principal).not.toBe(first.principal);
      expect(second.principal).toEqual(first.principal);
    });

    it('builds a new principal once the cache replaces the user object (a changed row)', async () => {
      const access = verified();
      const { bearer, answer } = authenticator(access);
      const first = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);
      const promoted = makeUser({ memberships: [{ userId: 8, groupName: 'sysop' }] });
      answer({ ...access, user: promoted, authorization: { ...makeAuthorization(), user: promoted } });

      const second = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);

      expect(second.principal).not.toBe(first.principal);
      expect(second.principal.user).toBe(promoted);
      expect(second.principal.groups).toEqual(['*', 'user', 'sysop']);
    });

    it('leaves openid out of the grants', async () => {
      const { bearer } = authenticator(verified({ scopes: ['openid', 'basic'] }));

      const { principal } = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);

      expect(principal.grants).toEqual(['basic']);
    });

    it('lets an app-only token act for nobody, with what everyone may do within its grants', async () => {
      const { bearer } = authenticator(appOnly());

      const { principal } = await bearer.authenticate(JWT, RESOURCE, CLIENT_IP);

      expect(principal.user).toBeNull();
      expect([...principal.rights]).toEqual(['read']);
    });

    it('welcomes an identity-only token at an identity endpoint', async () => {
      const { bearer } = authenticator(
        verified({ scopes: ['mwoauth-authonly'], authorization: makeAuthorization({ grants: ['mwoauth-authonly'] }) }),
      );

      const { principal } = await bearer.authenticate(JWT, { entry: 'resource', identity: true }, CLIENT_IP);

      expect(principal.grants).toEqual(['mwoauth-authonly']);
    });
  });

  describe('refused, with the policy reason', () => {
    it('refuses an app-only token where a user is needed: no_user', async () => {
      const { bearer } = authenticator(appOnly());

      await denied(bearer.authenticate(JWT, { entry: 'resource', needsUser: true }, CLIENT_IP), 'no_user');
    });

    it('refuses an identity-only token outside the identity endpoints: identity_only', async () => {
      const { bearer } = authenticator(
        verified({ scopes: ['mwoauth-authonly'], authorization: makeAuthorization({ grants: ['mwoauth-authonly'] }) }),
      );

      await denied(bearer.authenticate(JWT, RESOURCE, CLIENT_IP), 'identity_only');
    });

    it('refuses a token without a grant the route needs: grant_missing', async () => {
      const { bearer } = authenticator(verified({ scopes: ['basic'] }));

      const error = await denied(
        bearer.authenticate(JWT, { entry: 'resource', grants: ['editpage'] }, CLIENT_IP),
        'grant_missing',
      );

      expect(error.message).toMatch(/editpage/);
    });

    it('refuses a token whose effective rights lack one the route needs: right_missing', async () => {
      const { bearer } = authenticator(verified());

      await denied(bearer.authenticate(JWT, { entry: 'resource', rights: ['import'] }, CLIENT_IP), 'right_missing');
    });

    it('refuses a user token whose authorization was revoked: authorization_missing', async () => {
      const { bearer } = authenticator(verified({ user: null, authorization: null }));

      await denied(bearer.authenticate(JWT, RESOURCE, CLIENT_IP), 'authorization_missing');
    });

    it('refuses a token of a blocked user: user_blocked', async () => {
      const { bearer } = authenticator(verified({ user: makeUser({ blocked: true }) }));

      await denied(bearer.authenticate(JWT, RESOURCE, CLIENT_IP), 'user_blocked');
    });

    it('refuses a token of a disabled client: consumer_not_approved', async () => {
      const { bearer } = authenticator(verified({ consumer: makeConsumer({ stage: ConsumerStage.Disabled }) }));

      await denied(bearer.authenticate(JWT, RESOURCE, CLIENT_IP), 'consumer_not_approved');
    });

    it('refuses a caller outside the client IP allow-list: ip_not_allowed', async () => {
      const { bearer } = authenticator(
        verified({ consumer: makeConsumer({ restrictions: ['10.0.0.0/8', '2001:db8::/32'] }) }),
      );

      await denied(bearer.authenticate(JWT, RESOURCE, CLIENT_IP), 'ip_not_allowed');
    });

    it('lets the verifier refusal through untouched: credential_invalid', async () => {
      const invalid = new AccessDenied('credential_invalid', 'The access token was revoked.');
      const { bearer } = authenticator(invalid);

      const caught = await rejection(bearer.authenticate(JWT, RESOURCE, CLIENT_IP));

      expect(caught).toBe(invalid);
    });
  });
});
