import * as openid from 'openid-client';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { databaseKinds } from './helpers/databases';
import { consent, freePort } from './helpers/oauth1';
import { registerClient, RegisteredClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
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
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp(kind, { PUBLIC_URL: base });
    await t.app.listen(port, '127.0.0.1');
    const dev = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const devAgent = await loginAgent(t.server, dev.username, dev.password);
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    confidential = await registerClient(devAgent, adminAgent, { name: 'Web app', callbackUrl: 'https://client.example.org/cb', grants: ['editpage'] });
    publicClient = await registerClient(devAgent, adminAgent, { name: 'Native app', callbackUrl: 'http://127.0.0.1:4567/cb', oauth2IsConfidential: false, grants: ['editpage'] });
    service = await registerClient(devAgent, adminAgent, { name: 'Service', callbackUrl: undefined, oauth2GrantTypes: ['client_credentials'], grants: ['editpage', 'uploadfile'] });
    const alice = await makeUser(t.app, { email: 'alice@example.org', emailVerified: true });
    userId = alice.id;
    user = await loginAgent(t.server, alice.username, alice.password);
    const issuer = new URL(base);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  });
  afterAll(async () => { await t.close(); });

  /** The browser's part: the authorize URL, consent, and the redirect the client receives. */
  async function browse(url: URL): Promise<URL> {
    const { location } = await consent(user, url.pathname + url.search);
    expect(location).toBeDefined();
    return new URL(location!);
  }

  it('publishes RFC 8414 metadata and OpenID configuration', async () => {
    expect(as).toMatchObject({ issuer: base, authorization_endpoint: `${base}/oauth2/authorize`, token_endpoint: `${base}/oauth2/token`, authorization_response_iss_parameter_supported: true, code_challenge_methods_supported: ['S256'] });
    const oidc = await request(t.server).get('/.well-known/openid-configuration').expect(200);
    expect(oidc.body.jwks_uri).toBe(`${base}/oauth2/jwks`);
    const jwks = await request(t.server).get('/oauth2/jwks').expect(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
    expect(jwks.body.keys[0].d).toBeUndefined();
  });

  it('oauth4webapi: code + PKCE for a confidential client, refresh with rotation, introspection, revocation', async () => {
    const client: oauth.Client = { client_id: confidential.consumerKey };
    const auth = oauth.ClientSecretBasic(confidential.secret);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: client.client_id, redirect_uri: confidential.callbackUrl, response_type: 'code', scope: 'editpage', state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
    const callback = await browse(url);
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, confidential.callbackUrl, verifier, insecure));
    expect(tokens).toMatchObject({ token_type: 'bearer', scope: 'basic editpage', expires_in: 3600 });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    // A resource server validating the JWT as RFC 9068 says.
    const claims = await oauth.validateJwtAccessToken(as, new Request(`${base}/api`, { headers: { authorization: `Bearer ${tokens.access_token}` } }), confidential.consumerKey, insecure);
    expect(claims).toMatchObject({ sub: String(userId), client_id: confidential.consumerKey, scope: 'basic editpage', scopes: ['basic', 'editpage'], iss: base });

    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const introspected = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, insecure));
    expect(introspected).toMatchObject({ active: true, client_id: confidential.consumerKey, sub: String(userId), scope: 'basic editpage' });
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!, insecure));
    const after = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, insecure));
    expect(after.active).toBe(false);
  });

  it('oauth4webapi: a public client with PKCE and no secret; loopback redirect on another port', async () => {
    const client: oauth.Client = { client_id: publicClient.consumerKey, token_endpoint_auth_method: 'none' };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const redirectUri = 'http://127.0.0.1:9999/cb';
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({ client_id: client.client_id, redirect_uri: redirectUri, response_type: 'code', state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
    const callback = await browse(url);
    expect(callback.origin).toBe('http://127.0.0.1:9999');
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, insecure));
    expect(tokens.scope).toBe('basic editpage');
  });

  it('oauth4webapi: client credentials give an app-only token with no subject (reference quirk 3 fixed)', async () => {
    const client: oauth.Client = { client_id: service.consumerKey };
    const tokens = await oauth.processClientCredentialsResponse(as, client,
      await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretPost(service.secret), new URLSearchParams({ scope: 'uploadfile' }), insecure));
    expect(tokens.scope).toBe('basic uploadfile');
    expect(tokens.refresh_token).toBeUndefined();
    const claims = await oauth.validateJwtAccessToken(as, new Request(`${base}/api`, { headers: { authorization: `Bearer ${tokens.access_token}` } }), service.consumerKey, insecure).catch((e) => e);
    // RFC 9068 requires `sub`; an app-only token has none, so a strict RS refuses it as a user token.
    expect(claims).toBeInstanceOf(Error);
    const introspected = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, oauth.ClientSecretPost(service.secret), tokens.access_token, insecure));
    expect(introspected.active).toBe(true);
    expect(introspected.sub).toBeUndefined();
  });

  it('openid-client: OpenID Connect code flow, id_token checked against the JWKS, userinfo, refresh', async () => {
    const config = await openid.discovery(new URL(base), confidential.consumerKey, confidential.secret, undefined, { execute: [openid.allowInsecureRequests] });
    const verifier = openid.randomPKCECodeVerifier();
    const nonce = openid.randomNonce();
    const state = openid.randomState();
    const url = openid.buildAuthorizationUrl(config, { redirect_uri: confidential.callbackUrl, scope: 'openid editpage', code_challenge: await openid.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', nonce, state });
    const callback = await browse(url);
    const tokens = await openid.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true });
    const idClaims = tokens.claims()!;
    expect(idClaims).toMatchObject({ sub: String(userId), aud: confidential.consumerKey, iss: base, nonce, preferred_username: expect.any(String) });
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
    url.search = new URLSearchParams({ client_id: client.client_id, response_type: 'code', code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
    const callback = await browse(url);
    const code = callback.searchParams.get('code')!;
    const tokenRes = await request(t.server).post('/w/rest.php/oauth2/access_token').type('form')
      .send({ grant_type: 'authorization_code', code, client_id: client.client_id, client_secret: confidential.secret, code_verifier: verifier }).expect(200);
    const profile = await request(t.server).get('/w/rest.php/oauth2/resource/profile').set('Authorization', `Bearer ${tokenRes.body.access_token}`).expect(200);
    expect(profile.body).toMatchObject({ sub: String(userId), confirmed_email: true, blocked: false, grants: ['basic', 'editpage'], registered: expect.stringMatching(/^\d{14}$/) });
    expect(profile.body.rights).toContain('edit');
    expect(profile.body.email).toBeUndefined();
    const scopes = await request(t.server).get('/oauth2/resource/scopes').set('Authorization', `Bearer ${tokenRes.body.access_token}`).expect(200);
    expect(scopes.body).toEqual({ scopes: ['basic', 'editpage'] });
  });
});
