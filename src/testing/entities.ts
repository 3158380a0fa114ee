import { Authorization } from '../authorizations/authorization.entity';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerStage } from '../access/consumer-stage';
import { OAuth2Token } from '../tokens/oauth2-token.entity';
import { User } from '../users/user.entity';

/**
 * Plain objects shaped like the entities, one fresh object per call: the access policy memoizes
 * per user object, as the hot-path caches expect, so specs never change one in place.
 */

export const OWNER_ID = 7;
export const ALICE_ID = 8;
export const BOB_ID = 9;

export function makeUser(overrides: Partial<User> = {}): User {
  const id = overrides.id ?? ALICE_ID;
  return {
    id,
    username: `User${id}`,
    usernameKey: `user${id}`,
    email: null,
    emailVerified: false,
    realName: '',
    language: null,
    registeredAt: new Date('2024-01-01T00:00:00Z'),
    blocked: false,
    locked: false,
    memberships: [],
    ...overrides,
  };
}

/** An approved, confidential OAuth 2 client of OWNER_ID's, open to every address, for every grant type. */
export function makeConsumer(overrides: Partial<Consumer> = {}): Consumer {
  return {
    id: 1,
    consumerKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    name: 'Citation Bot',
    ownerId: OWNER_ID,
    version: '1.0',
    callbackUrl: 'https://client.example/callback',
    callbackIsPrefix: false,
    description: 'Adds citations.',
    email: 'owner@client.example',
    emailAuthenticated: new Date('2024-01-01T00:00:00Z'),
    developerAgreement: true,
    ownerOnly: false,
    oauthVersion: 2,
    wiki: '*',
    grants: ['basic', 'editpage'],
    registeredAt: new Date('2024-01-01T00:00:00Z'),
    rsaKey: null,
    restrictions: ['0.0.0.0/0', '::/0'],
    stage: ConsumerStage.Approved,
    stageTimestamp: new Date('2024-01-02T00:00:00Z'),
    deleted: false,
    oauth2IsConfidential: true,
    oauth2GrantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    revision: 1,
    ...overrides,
  };
}

/** The same, as an OAuth 1.0a consumer. */
export function makeOAuth1Consumer(overrides: Partial<Consumer> = {}): Consumer {
  return makeConsumer({
    oauthVersion: 1,
    oauth2GrantTypes: null,
    callbackUrl: 'https://client.example/oauth1',
    ...overrides,
  });
}

/** Alice's authorization of consumer 1. */
export function makeAuthorization(overrides: Partial<Authorization> = {}): Authorization {
  return {
    id: 100,
    userId: ALICE_ID,
    consumerId: 1,
    wiki: '*',
    grants: ['basic', 'editpage'],
    acceptedAt: new Date('2024-02-01T00:00:00Z'),
    oauthVersion: 2,
    accessToken: 'f'.repeat(32),
    accessSecretSeed: 'seed-100',
    ...overrides,
  };
}

const HOUR_MS = 3_600_000;

/** A live token row of Alice's authorization 100 of consumer 1 (a refresh token unless `kind` says otherwise). */
export function makeTokenRow(overrides: Partial<OAuth2Token> = {}): OAuth2Token {
  return {
    id: 500,
    tokenHash: 'hash-500',
    kind: 'refresh',
    consumerId: 1,
    authorizationId: 100,
    userId: ALICE_ID,
    scopes: ['basic', 'editpage'],
    grantType: 'authorization_code',
    familyId: 'family-1',
    createdAt: new Date(Date.now() - HOUR_MS),
    expiresAt: new Date(Date.now() + HOUR_MS),
    consumedAt: null,
    revokedAt: null,
    ...overrides,
  };
}
