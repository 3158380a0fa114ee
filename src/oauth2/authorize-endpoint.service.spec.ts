import type { FastifyReply, FastifyRequest } from 'fastify';
import { Principal } from '../principal/principal';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerStage } from '../access/consumer-stage';
import { StaticConsumers } from '../consumers/static/static-consumers.service';
import { GrantCatalog } from '../catalog/grant-catalog';
import { s256Challenge } from '../protocol/oauth2';
import { testGroups, testPolicy } from '../testing/access';
import { makeAuthorization, makeConsumer, makeUser, OWNER_ID } from '../testing/entities';
import { rejection } from '../testing/rejection';
import { FakeAuthorizations, FakeConsumerLookup } from '../testing/stores';
import { User } from '../users/user.entity';
import { ConsentInput, ConsentPage } from '../web/consent-page';
import { CsrfService } from '../web/csrf.service';
import { AuthorizationCodes, CodeRecord } from './authorization-codes';
import { AuthorizeEndpoint } from './authorize-endpoint.service';

const ISSUER = 'https://id.example';
const CALLBACK = 'https://client.example/callback';
const FORM_ACTION = '/oauth2/authorize';
const catalog = GrantCatalog.fromFile();

/** Records the reply the endpoint builds: `reply.code(303).header(...).redirect(url)`. */
class FakeReply {
  status?: number;
  readonly headers: Record<string, string> = {};
  redirectedTo?: string;

  code(status: number): this {
    this.status = status;
    return this;
  }

  header(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }

  redirect(url: string): this {
    this.redirectedTo = url;
    return this;
  }

  /** The query of the redirect, parsed. */
  redirectQuery(): Record<string, string> {
    return Object.fromEntries(new URL(this.redirectedTo!).searchParams);
  }
}

class FakeConsentPage {
  readonly rendered: ConsentInput[] = [];

  async render(_request: FastifyRequest, _reply: FastifyReply, input: ConsentInput): Promise<void> {
    this.rendered.push(input);
  }
}

class FakeCodes {
  readonly issued: Omit<CodeRecord, 'familyId'>[] = [];

  async issue(record: Omit<CodeRecord, 'familyId'>): Promise<string> {
    this.issued.push(record);
    return 'issued-code';
  }
}

function sessionOf(user: User): Principal {
  return {
    user,
    groups: testGroups(user),
    rights: new Set(),
    via: 'session',
    consumer: null,
    grants: null,
    authTime: 1_700_000_000,
  };
}

interface Setup {
  consumer?: Consumer;
  user?: User | null;
  authorizations?: FakeAuthorizations;
}

function setup(options: Setup = {}) {
  const consumer = options.consumer ?? makeConsumer({ grants: ['basic', 'editpage', 'import'] });
  const consent = new FakeConsentPage();
  const codes = new FakeCodes();
  const authorizations = options.authorizations ?? new FakeAuthorizations();
  const endpoint = new AuthorizeEndpoint(
    { publicUrl: ISSUER, oauth2: { allowPlainPkce: false } } as unknown as AppConfig,
    new FakeConsumerLookup(consumer).asService(),
    authorizations.asService(),
    codes as unknown as AuthorizationCodes,
    consent as unknown as ConsentPage,
    { verify: () => undefined } as unknown as CsrfService,
    catalog,
    { get: () => undefined } as unknown as StaticConsumers,
    testPolicy(),
  );
  const user = options.user === undefined ? makeUser() : options.user;
  const reply = new FakeReply();
  const begin = (params: Record<string, unknown> = {}) => {
    const all = {
      client_id: consumer.consumerKey,
      response_type: 'code',
      state: 'xyz',
      scope: 'basic editpage',
      ...params,
    };
    const url = `/oauth2/authorize?${new URLSearchParams(all as Record<string, string>)}`;
    const req = { principal: user ? sessionOf(user) : undefined, url } as unknown as FastifyRequest;
    return endpoint.begin(req, reply as unknown as FastifyReply, all, FORM_ACTION);
  };
  return { begin, reply, consent, codes, authorizations, consumer };
}

/** Asserts the endpoint's own page (an AppError), and that the browser was not sent to the client. */
async function page(promise: Promise<unknown>, reply: FakeReply, status: number, code: string): Promise<AppError> {
  const caught = await rejection(promise);
  expect(caught).toBeInstanceOf(AppError);
  expect(caught).toMatchObject({ status, code });
  expect(reply.redirectedTo).toBeUndefined();
  return caught as AppError;
}

describe('AuthorizeEndpoint.begin', () => {
  describe('a client the browser must not be sent to: our own page, never a redirect (RFC 6749 §4.1.2.1)', () => {
    it.each<[string, Partial<Consumer>]>([
      ['a disabled', { stage: ConsumerStage.Disabled }],
      ['a rejected', { stage: ConsumerStage.Rejected }],
      ['an expired', { stage: ConsumerStage.Expired }],
    ])('answers 403 unauthorized_client for %s client', async (_name, overrides) => {
      const { begin, reply, consent } = setup({ consumer: makeConsumer(overrides) });

      await page(begin(), reply, 403, 'unauthorized_client');

      expect(consent.rendered).toEqual([]);
    });

    it('answers 400 unauthorized_client for an owner-only client', async () => {
      const { begin, reply } = setup({ consumer: makeConsumer({ ownerOnly: true }), user: makeUser({ id: OWNER_ID }) });

      await page(begin(), reply, 400, 'unauthorized_client');
    });

    it.each<[string, Partial<Consumer>]>([
      ['a suppressed client', { deleted: true }],
      ['an OAuth 1.0a consumer', { oauthVersion: 1, oauth2GrantTypes: null }],
    ])('answers 400 invalid_client for %s', async (_name, overrides) => {
      const { begin, reply } = setup({ consumer: makeConsumer(overrides) });

      await page(begin(), reply, 400, 'invalid_client');
    });

    it('answers 400 invalid_client for an unknown client_id', async () => {
      const { begin, reply } = setup();

      await page(begin({ client_id: 'unknown' }), reply, 400, 'invalid_client');
    });

    it('sends an anonymous browser to the login page for a proposed client (its owner may test it)', async () => {
      const { begin, reply } = setup({ consumer: makeConsumer({ stage: ConsumerStage.Proposed }), user: null });

      const error = await page(begin(), reply, 303, 'login_required');

      expect(error.headers.Location).toMatch(/^\/login\?returnTo=%2Foauth2%2Fauthorize%3F/);
    });

    it('answers 403 unauthorized_client for a proposed client and a user who is not its owner', async () => {
      const { begin, reply, consent } = setup({ consumer: makeConsumer({ stage: ConsumerStage.Proposed }) });

      await page(begin(), reply, 403, 'unauthorized_client');

      expect(consent.rendered).toEqual([]);
    });

    it('answers 400 invalid_redirect_uri for a redirect_uri that is not the registered one', async () => {
      const { begin, reply } = setup();

      await page(begin({ redirect_uri: 'https://evil.example/callback' }), reply, 400, 'invalid_redirect_uri');
    });
  });

  describe('a trusted client: errors go back to it as a 303 with error, state and iss', () => {
    it('lets its owner test a proposed client: a bogus response_type gets unsupported_response_type', async () => {
      const { begin, reply, consent } = setup({
        consumer: makeConsumer({ stage: ConsumerStage.Proposed }),
        user: makeUser({ id: OWNER_ID }),
      });

      await begin({ response_type: 'token' });

      expect(reply.status).toBe(303);
      expect(reply.headers['Cache-Control']).toBe('no-store');
      expect(reply.redirectedTo!.startsWith(`${CALLBACK}?`)).toBe(true);
      expect(reply.redirectQuery()).toMatchObject({ error: 'unsupported_response_type', state: 'xyz', iss: ISSUER });
      expect(consent.rendered).toEqual([]);
    });

    it.each<[string, Partial<User>]>([
      ['blocked', { blocked: true }],
      ['locked', { locked: true }],
    ])('sends a %s user back to the client with access_denied', async (_name, overrides) => {
      const { begin, reply, consent, codes } = setup({ user: makeUser(overrides) });

      await begin();

      expect(reply.status).toBe(303);
      expect(reply.redirectQuery()).toMatchObject({ error: 'access_denied', state: 'xyz', iss: ISSUER });
      expect(consent.rendered).toEqual([]);
      expect(codes.issued).toEqual([]);
    });

    it('sends a user without mwoauthmanagemygrants back with access_denied', async () => {
      const { begin, reply } = setup({ user: makeUser({ memberships: [{ userId: 8, groupName: 'temp' }] }) });

      await begin();

      expect(reply.redirectQuery()).toMatchObject({ error: 'access_denied' });
    });

    it('answers unauthorized_client to a client not registered for authorization_code', async () => {
      const { begin, reply } = setup({ consumer: makeConsumer({ oauth2GrantTypes: ['client_credentials'] }) });

      await begin();

      expect(reply.redirectQuery()).toMatchObject({ error: 'unauthorized_client', state: 'xyz' });
    });

    it('answers invalid_request to a public client without PKCE', async () => {
      const { begin, reply } = setup({ consumer: makeConsumer({ oauth2IsConfidential: false }) });

      await begin();

      expect(reply.redirectQuery()).toMatchObject({ error: 'invalid_request' });
    });

    it('answers invalid_scope for a scope no grant answers to', async () => {
      const { begin, reply } = setup();

      await begin({ scope: 'basic nosuchgrant' });

      expect(reply.redirectQuery()).toMatchObject({ error: 'invalid_scope' });
    });

    it('answers invalid_request for a repeated parameter', async () => {
      const { begin, reply } = setup();

      await begin({ scope: ['basic', 'editpage'] });

      expect(reply.redirectQuery()).toMatchObject({ error: 'invalid_request' });
    });

    it('sends an anonymous browser to the login page once the request is valid', async () => {
      const { begin, reply } = setup({ user: null });

      await page(begin(), reply, 303, 'login_required');
    });
  });

  describe('an allowed request', () => {
    it('renders the consent page with the requested grants within the client ones', async () => {
      const { begin, reply, consent, consumer, codes } = setup();

      await begin({ redirect_uri: CALLBACK, display: 'popup' });

      expect(reply.redirectedTo).toBeUndefined();
      expect(codes.issued).toEqual([]);
      expect(consent.rendered).toHaveLength(1);
      expect(consent.rendered[0]).toMatchObject({
        consumer,
        grants: ['basic', 'editpage'],
        action: FORM_ACTION,
        callbackUrl: CALLBACK,
        popup: true,
        fields: {
          client_id: consumer.consumerKey,
          response_type: 'code',
          state: 'xyz',
          scope: 'basic editpage',
          redirect_uri: CALLBACK,
        },
      });
    });

    it('drops requested grants the client lacks, silently, keeping the irrevocable basic', async () => {
      const { begin, consent, reply } = setup();

      await begin({ scope: 'editpage delete' });

      expect(reply.redirectedTo).toBeUndefined();
      expect(consent.rendered[0].grants).toEqual(['basic', 'editpage']);
    });

    it('skips the page and sends a code when a standing authorization covers every requested grant', async () => {
      const authorizations = new FakeAuthorizations(makeAuthorization({ grants: ['basic', 'editpage'] }));
      const { begin, reply, consent, codes, consumer } = setup({ authorizations });
      const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

      await begin({
        scope: 'openid editpage',
        code_challenge: s256Challenge(verifier),
        code_challenge_method: 'S256',
        nonce: 'n-1',
      });

      expect(consent.rendered).toEqual([]);
      expect(reply.status).toBe(303);
      expect(reply.redirectQuery()).toEqual({ code: 'issued-code', state: 'xyz', iss: ISSUER });
      expect(codes.issued).toEqual([
        {
          clientId: consumer.consumerKey,
          redirectUri: undefined,
          userId: 8,
          authorizationId: 100,
          scopes: ['openid', 'basic', 'editpage'],
          challenge: s256Challenge(verifier),
          challengeMethod: 'S256',
          nonce: 'n-1',
          authTime: 1_700_000_000,
        },
      ]);
      expect(authorizations.authorized).toEqual([]);
    });

    it('shows the page again when the client asks for more than the standing authorization', async () => {
      const authorizations = new FakeAuthorizations(makeAuthorization({ grants: ['basic'] }));
      const { begin, consent, codes } = setup({ authorizations });

      await begin({ scope: 'basic import' });

      expect(codes.issued).toEqual([]);
      expect(consent.rendered[0].grants).toEqual(['basic', 'import']);
    });
  });
});
