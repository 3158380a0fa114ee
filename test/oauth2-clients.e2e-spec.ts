import * as openid from 'openid-client';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { databaseKinds } from './helpers/databases';
import { startClientTestbed } from './helpers/client-testbed';
import { consent } from './helpers/oauth1';
import { RegisteredClient } from './helpers/oauth2';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const insecure = { [oauth.allowInsecureRequests]: true };

/**
 * OAuth 2.0 and OpenID Connect driven by oauth4webapi (strict: discovery, `iss`, PKCE, RFC 9068)
 * and openid-client, neither written here.
 */
describe.each(databaseKinds())('OAuth 2 with real clients on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let as: oauth.AuthorizationServer;
  let user: TestAgent;
  let userId: number;
  let confidential: RegisteredClient;
  let publicClient: RegisteredClient;
  let service: RegisteredClient;

  beforeAll(async () => {
    const bed = await startClientTestbed(kind);
    ({ t, base } = bed);
    ({ id: userId, agent: user } = bed.user);
    confidential = await bed.register({
      name: 'Web app',
      callbackUrl: 'https://client.example.org/cb',
      grants: ['editpage'],
    });
    publicClient = await bed.register({
      name: 'Native app',
      callbackUrl: 'http://127.0.0.1:4567/cb',
      oauth2IsConfidential: false,
      grants: ['editpage'],
    });
    service = await bed.register({
      name: 'Service',
      callbackUrl: undefined,
      oauth2GrantTypes: ['client_credentials'],
      grants: ['editpage', 'uploadfile'],
    });
    const issuer = new URL(base);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  });
  afterAll(async () => {
    await t.close();
  });

  /** The browser's part: the authorize URL, consent, and the redirect the client receives. */
  async function browse(url: URL): Promise<URL> {
    const { location } = await consent(user, url.pathname + url.search);
    expect(location).toBeDefined();
    return new URL(location!);
  }

  it('publishes RFC 8414 metadata and OpenID configuration', async () => {
    expect(as.prompt_values_supported).toEqual(['none', 'login', 'consent', 'select_account']);
    expect(as).toMatchObject({
      issuer: base,
      authorization_endpoint: `${base}/oauth2/authorize`,
      token_endpoint: `${base}/oauth2/token`,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
    });
    const oidc = await request(t.server).get('/.well-known/openid-configuration').expect(200);
    expect(oidc.body.jwks_uri).toBe(`${base}/oauth2/jwks`);
    const jwks = await request(t.server).get('/oauth2/jwks').expect(200);
    expect(jwks.body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: expect.any(String),
    });
    expect(jwks.body.keys[0].d).toBeUndefined();
  });

  it('oauth4webapi: code + PKCE for a confidential client, refresh rotation, introspection, revocation', async () => {
    const client: oauth.Client = { client_id: confidential.consumerKey };
    const auth = oauth.ClientSecretBasic(confidential.secret);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: confidential.callbackUrl,
      response_type: 'code',
      scope: 'editpage',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await browse(url);
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, confidential.callbackUrl, verifier, insecure),
    );
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'basic editpage', expires_in: 3600 });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    // A resource server validating the JWT as RFC 9068 says.
    const claims = await oauth.validateJwtAccessToken(
      as,
      new Request(`${base}/api`, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
      confidential.consumerKey,
      insecure,
    );
    expect(claims).toMatchObject({
      sub: String(userId),
      client_id: confidential.consumerKey,
      scope: 'basic editpage',
      scopes: ['basic', 'editpage'],
      iss: base,
    });

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
    );
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const introspected = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, refreshed.access_token, insecure),
    );
    expect(introspected).toMatchObject({
      active: true,
      client_id: confidential.consumerKey,
      sub: String(userId),
      scope: 'basic editpage',
    });
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!, insecure),
    );
    const after = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, refreshed.access_token, insecure),
    );
    expect(after.active).toBe(false);
  });

  it('oauth4webapi: a public client with PKCE and no secret; loopback redirect on another port', async () => {
    const client: oauth.Client = { client_id: publicClient.consumerKey, token_endpoint_auth_method: 'none' };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const redirectUri = 'http://127.0.0.1:9999/cb';
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await browse(url);
    expect(callback.origin).toBe('http://127.0.0.1:9999');
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, insecure),
    );
    expect(tokens.scope).toBe('basic editpage');
  });

  it('oauth4webapi: client credentials give an app-only token with no subject', async () => {
    const client: oauth.Client = { client_id: service.consumerKey };
    const clientCredentials = async (scope: string) =>
      oauth.processClientCredentialsResponse(
        as,
        client,
        await oauth.clientCredentialsGrantRequest(
          as,
          client,
          oauth.ClientSecretPost(service.secret),
          new URLSearchParams({ scope }),
          insecure,
        ),
      );
    const tokens = await clientCredentials('uploadfile');
    expect(tokens.scope).toBe('basic uploadfile');
    expect(tokens.refresh_token).toBeUndefined();
    // Legacy grant names are read as their modern ones, as at /oauth2/authorize (docs/oauth2.md#scopes).
    const legacy = await clientCredentials('useoauth uploadfile');
    expect(legacy.scope).toBe('basic uploadfile');
    const claims = await oauth
      .validateJwtAccessToken(
        as,
        new Request(`${base}/api`, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
        service.consumerKey,
        insecure,
      )
      .catch((e) => e);
    // RFC 9068 requires `sub`; an app-only token has none, so a strict RS refuses it as a user token.
    expect(claims).toBeInstanceOf(Error);
    const introspected = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(
        as,
        client,
        oauth.ClientSecretPost(service.secret),
        tokens.access_token,
        insecure,
      ),
    );
    expect(introspected.active).toBe(true);
    expect(introspected.sub).toBeUndefined();
  });

  it('openid-client: OpenID Connect code flow, id_token checked against the JWKS, userinfo, refresh', async () => {
    const config = await openid.discovery(new URL(base), confidential.consumerKey, confidential.secret, undefined, {
      execute: [openid.allowInsecureRequests],
    });
    const verifier = openid.randomPKCECodeVerifier();
    const nonce = openid.randomNonce();
    const state = openid.randomState();
    const url = openid.buildAuthorizationUrl(config, {
      redirect_uri: confidential.callbackUrl,
      scope: 'openid editpage',
      code_challenge: await openid.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    const callback = await browse(url);
    const tokens = await openid.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims()!;
    expect(idClaims).toMatchObject({
      sub: String(userId),
      aud: confidential.consumerKey,
      iss: base,
      nonce,
      preferred_username: expect.any(String),
    });
    expect(typeof idClaims.auth_time).toBe('number');
    const info = await openid.fetchUserInfo(config, tokens.access_token, String(userId));
    expect(info).toMatchObject({ sub: String(userId), preferred_username: idClaims.preferred_username });
    const refreshed = await openid.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
  });

  it('serves the MediaWiki profile and scopes resources', async () => {
    const client: oauth.Client = { client_id: confidential.consumerKey };
    const verifier = oauth.generateRandomCodeVerifier();
    const url = new URL(`${base}/w/rest.php/oauth2/authorize`);
    url.search = new URLSearchParams({
      client_id: client.client_id,
      response_type: 'code',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await browse(url);
    const code = callback.searchParams.get('code')!;
    const tokenRes = await request(t.server)
      .post('/w/rest.php/oauth2/access_token')
      .type('form')
      .send({
        grant_type: 'authorization_code',
        code,
        client_id: client.client_id,
        client_secret: confidential.secret,
        code_verifier: verifier,
      })
      .expect(200);
    const profile = await request(t.server)
      .get('/w/rest.php/oauth2/resource/profile')
      .set('Authorization', `Bearer ${tokenRes.body.access_token}`)
      .expect(200);
    expect(profile.body).toMatchObject({
      sub: String(userId),
      confirmed_email: true,
      blocked: false,
      grants: ['basic', 'editpage'],
      registered: expect.stringMatching(/^\d{14}$/),
    });
    expect(profile.body.rights).toContain('edit');
    expect(profile.body.email).toBeUndefined();
    const scopes = await request(t.server)
      .get('/oauth2/resource/scopes')
      .set('Authorization', `Bearer ${tokenRes.body.access_token}`)
      .expect(200);
    expect(scopes.body).toEqual({ scopes: ['basic', 'editpage'] });
  });

  describe('OpenID Connect prompt and max_age (OIDC Core §3.1.2.1), userinfo and the openid scope (§5.3)', () => {
    const config = () =>
      openid.discovery(new URL(base), confidential.consumerKey, confidential.secret, undefined, {
        execute: [openid.allowInsecureRequests],
      });

    /** A fresh user, logged in: no authorization of any client yet. */
    async function freshUser() {
      const account = await makeUser(t.app);
      return { account, agent: await loginAgent(t.server, account.username, account.password) };
    }

    /** An authorization URL for the confidential client, with PKCE, nonce and state. */
    async function authorizationUrl(extra: Record<string, string>) {
      const verifier = openid.randomPKCECodeVerifier();
      const checks = {
        pkceCodeVerifier: verifier,
        expectedNonce: openid.randomNonce(),
        expectedState: openid.randomState(),
      };
      const url = openid.buildAuthorizationUrl(await config(), {
        redirect_uri: confidential.callbackUrl,
        scope: 'openid editpage',
        code_challenge: await openid.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        nonce: checks.expectedNonce,
        state: checks.expectedState,
        ...extra,
      });
      return { url, checks };
    }

    /** The error the client receives at its redirect URI, as oauth4webapi reads it (state and iss checked). */
    function redirectError(location: string | undefined, state: string) {
      expect(location).toBeDefined();
      const callback = new URL(location!);
      expect(callback.origin + callback.pathname).toBe(confidential.callbackUrl);
      try {
        oauth.validateAuthResponse(as, { client_id: confidential.consumerKey }, callback, state);
      } catch (error) {
        expect(error).toBeInstanceOf(oauth.AuthorizationResponseError);
        return (error as oauth.AuthorizationResponseError).error;
      }
      throw new Error(`no error in ${location}`);
    }

    /** Logs `agent` in again through the real form, coming from `location` (a /login?returnTo=… address). */
    async function logInAgain(
      agent: TestAgent,
      location: string,
      account: { username: string; password: string },
    ): Promise<string> {
      const page = await agent.get(location).expect(200);
      const returnTo = new URL(location, base).searchParams.get('returnTo')!;
      const done = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfTokenOf(page.text), username: account.username, password: account.password, returnTo })
        .expect(303);
      return done.headers.location;
    }

    it('prompt=none without a session: login_required at the client, never a login page', async () => {
      const { url, checks } = await authorizationUrl({ prompt: 'none' });
      const res = await request(t.server)
        .get(url.pathname + url.search)
        .expect(303);
      expect(redirectError(res.headers.location, checks.expectedState)).toBe('login_required');
    });

    it('prompt=none with a session but no consent yet: consent_required, and nothing authorized', async () => {
      const { account, agent } = await freshUser();
      const { url, checks } = await authorizationUrl({ prompt: 'none' });
      const res = await agent.get(url.pathname + url.search).expect(303);
      expect(redirectError(res.headers.location, checks.expectedState)).toBe('consent_required');
      const rows = await t.dataSource.query('SELECT id FROM authorizations WHERE userId = ?', [account.id]);
      expect(rows).toEqual([]);
    });

    it('prompt=none with a standing authorization: a code without any page; openid-client accepts it', async () => {
      const { agent } = await freshUser();
      const first = await authorizationUrl({});
      await consent(agent, first.url.pathname + first.url.search);
      const { url, checks } = await authorizationUrl({ prompt: 'none' });
      const res = await agent.get(url.pathname + url.search).expect(303);
      const tokens = await openid.authorizationCodeGrant(await config(), new URL(res.headers.location), {
        ...checks,
        idTokenExpected: true,
      });
      expect(tokens.claims()?.sub).toEqual(expect.any(String));
    });

    it('prompt=none with a login older than max_age: login_required', async () => {
      const { agent } = await freshUser();
      const first = await authorizationUrl({});
      await consent(agent, first.url.pathname + first.url.search);
      // max_age=0: any login is too old (OIDC Core §3.1.2.1, like prompt=login).
      const { url, checks } = await authorizationUrl({ prompt: 'none', max_age: '0' });
      const res = await agent.get(url.pathname + url.search).expect(303);
      expect(redirectError(res.headers.location, checks.expectedState)).toBe('login_required');
    });

    it('refuses prompt=none with another value, and values it does not know, at the client', async () => {
      for (const prompt of ['none login', 'create']) {
        const { url, checks } = await authorizationUrl({ prompt });
        const res = await user.get(url.pathname + url.search).expect(303);
        expect(redirectError(res.headers.location, checks.expectedState)).toBe('invalid_request');
      }
    });

    it('prompt=login sends a logged-in user to log in again; auth_time in the ID token is that new login', async () => {
      const { account, agent } = await freshUser();
      const first = await authorizationUrl({});
      const firstTokens = await openid.authorizationCodeGrant(
        await config(),
        new URL((await consent(agent, first.url.pathname + first.url.search)).location!),
        { ...first.checks, idTokenExpected: true },
      );
      const firstLogin = firstTokens.claims()!.auth_time!;
      await new Promise((resolve) => setTimeout(resolve, 1100));

      const { url, checks } = await authorizationUrl({ prompt: 'login' });
      const res = await agent.get(url.pathname + url.search).expect(303);
      expect(res.headers.location).toMatch(/^\/login\?returnTo=%2Foauth2%2Fauthorize%3F/);
      const back = await logInAgain(agent, res.headers.location, account);
      // The way back asks for no further login (else a loop), and keeps everything else.
      const backUrl = new URL(back, base);
      expect(backUrl.searchParams.get('prompt')).toBeNull();
      expect(backUrl.searchParams.get('state')).toBe(checks.expectedState);
      const code = await agent.get(back).expect(303);
      const tokens = await openid.authorizationCodeGrant(await config(), new URL(code.headers.location), {
        ...checks,
        idTokenExpected: true,
        maxAge: 60,
      });
      expect(tokens.claims()!.auth_time).toBeGreaterThanOrEqual(firstLogin + 1);
    });

    it('max_age: a login younger than it goes on; an older one goes to log in again', async () => {
      const { account, agent } = await freshUser();
      const first = await authorizationUrl({});
      await consent(agent, first.url.pathname + first.url.search);
      const young = await authorizationUrl({ max_age: '3600' });
      const direct = await agent.get(young.url.pathname + young.url.search).expect(303);
      const tokens = await openid.authorizationCodeGrant(await config(), new URL(direct.headers.location), {
        ...young.checks,
        idTokenExpected: true,
        maxAge: 3600,
      });
      const loggedInAt = tokens.claims()!.auth_time!;
      // Login and request times are whole seconds: over 2 s apart, they are surely more than 1 apart.
      await new Promise((resolve) => setTimeout(resolve, 2100));

      const old = await authorizationUrl({ max_age: '1' });
      const res = await agent.get(old.url.pathname + old.url.search).expect(303);
      expect(res.headers.location).toMatch(/^\/login\?returnTo=/);
      const back = await logInAgain(agent, res.headers.location, account);
      expect(new URL(back, base).searchParams.get('max_age')).toBeNull();
      const code = await agent.get(back).expect(303);
      const fresh = await openid.authorizationCodeGrant(await config(), new URL(code.headers.location), {
        ...old.checks,
        idTokenExpected: true,
        maxAge: 30,
      });
      expect(fresh.claims()!.auth_time).toBeGreaterThan(loggedInAt);
    });

    it('prompt=consent shows the consent page even when an authorization covers the request', async () => {
      const { agent } = await freshUser();
      const first = await authorizationUrl({});
      await consent(agent, first.url.pathname + first.url.search);
      const { url } = await authorizationUrl({ prompt: 'consent' });
      const page = await agent.get(url.pathname + url.search).expect(200);
      expect(page.text).toContain('class="consent-actions"');
    });

    it('userinfo refuses a token without openid (403 insufficient_scope); the MediaWiki profile does not', async () => {
      const { agent } = await freshUser();
      const { url, checks } = await authorizationUrl({ scope: 'editpage' });
      const { pkceCodeVerifier, expectedState } = checks;
      const tokens = await openid.authorizationCodeGrant(
        await config(),
        new URL((await consent(agent, url.pathname + url.search)).location!),
        { pkceCodeVerifier, expectedState },
      );
      expect(tokens.scope).toBe('basic editpage');
      const refused = await openid
        .fetchUserInfo(await config(), tokens.access_token, openid.skipSubjectCheck)
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
      expect(refused).toMatchObject({
        status: 403,
        cause: [
          expect.objectContaining({
            scheme: 'bearer',
            parameters: expect.objectContaining({ error: 'insufficient_scope', scope: 'openid' }),
          }),
        ],
      });
      for (const path of ['/oauth2/userinfo', '/w/rest.php/oauth2/userinfo']) {
        const res = await request(t.server).get(path).set('Authorization', `Bearer ${tokens.access_token}`).expect(403);
        expect(res.body).toEqual({ error: 'insufficient_scope', error_description: expect.stringContaining('openid') });
      }
      await request(t.server)
        .post('/oauth2/userinfo')
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .expect(403);
      await request(t.server)
        .get('/oauth2/resource/profile')
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .expect(200);
    });
  });
});
