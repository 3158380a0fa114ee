import * as oauth from 'oauth4webapi';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { buildProgram, CliIo } from '../src/cli/program';
import { HotCaches } from '../src/database/cache/hot-caches.service';
import { SigningKeys } from '../src/keys/signing-keys.service';
import { OAuth2Token } from '../src/tokens/oauth2-token.entity';
import { databaseKinds } from './helpers/databases';
import { consent } from './helpers/oauth1';
import { obtainTokens, registerClient, RegisteredClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const BASE = 'http://consentry.test';

describe.each(databaseKinds())('OAuth 2 refusals on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let admin: TestAgent;
  let user: TestAgent;
  let web: RegisteredClient;
  let pub: RegisteredClient;

  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: BASE });
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, { groups: ['oauthadmin'] });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    web = await registerClient(dev, admin, {
      name: 'Web',
      callbackUrl: 'https://web.example.org/cb',
      grants: ['editpage', 'uploadfile'],
    });
    pub = await registerClient(dev, admin, {
      name: 'Public',
      callbackUrl: 'https://native.example.org/cb',
      oauth2IsConfidential: false,
      grants: ['editpage'],
    });
    const alice = await makeUser(t.app);
    user = await loginAgent(t.server, alice.username, alice.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const token = (body: Record<string, string>) => request(t.server).post('/oauth2/token').type('form').send(body);
  const basic = (c: RegisteredClient) => `Basic ${Buffer.from(`${c.consumerKey}:${c.secret}`).toString('base64')}`;

  /** Runs authorize + consent; returns the redirect the client would receive. */
  async function authorize(
    client: RegisteredClient,
    params: Record<string, string> = {},
    decision: 'allow' | 'cancel' = 'allow',
  ) {
    const query = new URLSearchParams({
      client_id: client.consumerKey,
      response_type: 'code',
      state: 'st8',
      ...params,
    });
    const { location, status, text } = await consent(user, `/oauth2/authorize?${query}`, decision);
    return { url: location ? new URL(location) : undefined, status, text };
  }

  async function codeFor(client: RegisteredClient, scope?: string) {
    const verifier = oauth.generateRandomCodeVerifier();
    const { url } = await authorize(client, {
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...(scope ? { scope } : {}),
    });
    return { code: url!.searchParams.get('code')!, verifier };
  }

  async function tokensFor(client: RegisteredClient, scope?: string) {
    const { code, verifier } = await codeFor(client, scope);
    const res = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: client.consumerKey,
      client_secret: client.secret,
    }).expect(200);
    return res.body as { access_token: string; refresh_token: string; scope: string };
  }

  const refresh = (rt: string) =>
    token({ grant_type: 'refresh_token', refresh_token: rt, client_id: web.consumerKey, client_secret: web.secret });
  /**
   * Whether a token still works, at MediaWiki's profile: userinfo needs the openid scope (OIDC Core
   * §5.3), these tokens mostly lack it.
   */
  const profile = (accessToken: string) =>
    request(t.server).get('/oauth2/resource/profile').set('Authorization', `Bearer ${accessToken}`);

  it('a reused code is refused, and revokes the tokens issued from it (RFC 6749 §4.1.2)', async () => {
    const { code, verifier } = await codeFor(web);
    const exchange = () =>
      token({
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        client_id: web.consumerKey,
        client_secret: web.secret,
      });
    const first = await exchange().expect(200);
    await profile(first.body.access_token).expect(200);
    const second = await exchange().expect(400);
    expect(second.body).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('already used') });
    expect(second.headers['cache-control']).toBe('no-store');
    const denied = await profile(first.body.access_token).expect(401);
    expect(denied.headers['www-authenticate']).toContain('error="invalid_token"');
    await token({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token,
      client_id: web.consumerKey,
      client_secret: web.secret,
    }).expect(400);
  });

  it('a reused refresh token is refused and revokes its whole family (RFC 9700 §4.14.2)', async () => {
    const first = await tokensFor(web);
    const second = (await refresh(first.refresh_token).expect(200)).body;
    expect((await refresh(first.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    expect((await refresh(second.refresh_token).expect(400)).body.error).toBe('invalid_grant');
    await profile(second.access_token).expect(401);
  });

  it('two rotations of one refresh token at once: exactly one gets tokens (a conditional UPDATE decides)', async () => {
    const first = await tokensFor(web);
    const both = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(both.find((r) => r.status === 400)!.body.error).toBe('invalid_grant');
    // The loser presented a spent token: a reuse, so the family goes, the winner's new token with it.
    expect((await refresh(both.find((r) => r.status === 200)!.body.refresh_token).expect(400)).body.error).toBe(
      'invalid_grant',
    );
  });

  it('rotating a refresh token keeps the hot token cache; a reuse (a revocation) drops it', async () => {
    const first = await tokensFor(web);
    const version = () => t.app.get(HotCaches).version('access_tokens');
    const before = version();
    await refresh(first.refresh_token).expect(200);
    // Consuming a refresh token changes no cached (access-token) row: no instance's cache is dropped.
    expect(version()).toBe(before);
    await refresh(first.refresh_token).expect(400);
    expect(version()).toBeGreaterThan(before);
  });

  it('a rotation that fails half-way leaves the refresh token unspent (one transaction)', async () => {
    const first = await tokensFor(web);
    // The old token is consumed first, then the new ones are signed: make the signing fail.
    const failing = jest
      .spyOn(t.app.get(SigningKeys), 'current')
      .mockRejectedValueOnce(new Error('signing key unavailable'));
    const res = await refresh(first.refresh_token);
    failing.mockRestore();
    expect(res.status).toBeGreaterThanOrEqual(500);
    // Rolled back: the same refresh token still works, once, and nothing was revoked.
    await refresh(first.refresh_token).expect(200);
    expect((await refresh(first.refresh_token).expect(400)).body.error).toBe('invalid_grant');
  });

  it('refuses a code_verifier for a code issued without a code_challenge (PKCE downgrade, RFC 9700 §4.8)', async () => {
    const { url } = await authorize(web);
    const code = url!.searchParams.get('code')!;
    const res = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: oauth.generateRandomCodeVerifier(),
      client_id: web.consumerKey,
      client_secret: web.secret,
    }).expect(400);
    expect(res.body).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringContaining('no code_challenge'),
    });
  });

  it('refuses a wrong or missing code_verifier', async () => {
    const { code } = await codeFor(web);
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code,
          code_verifier: oauth.generateRandomCodeVerifier(),
          client_id: web.consumerKey,
          client_secret: web.secret,
        }).expect(400)
      ).body.error,
    ).toBe('invalid_grant');
    const again = await codeFor(web);
    expect(
      (
        await token({
          grant_type: 'authorization_code',
          code: again.code,
          client_id: web.consumerKey,
          client_secret: web.secret,
        }).expect(400)
      ).body.error,
    ).toBe('invalid_grant');
  });

  it('refuses a mismatched redirect URI without redirecting anywhere', async () => {
    const res = await user
      .get(
        `/oauth2/authorize?client_id=${web.consumerKey}&response_type=code` +
          `&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
      )
      .set('Accept', 'text/html')
      .expect(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('redirect_uri is not the one registered');
    const { code, verifier } = await codeFor(web, undefined);
    const withOther = await token({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: 'https://web.example.org/other',
      client_id: web.consumerKey,
      client_secret: web.secret,
    }).expect(400);
    expect(withOther.body.error).toBe('invalid_grant');
  });

  it('refuses an unknown client: a page at authorize, 401 at the token endpoint', async () => {
    const page = await user
      .get(
        '/oauth2/authorize?client_id=0123456789abcdef0123456789abcdef&response_type=code' +
          '&redirect_uri=https%3A%2F%2Fevil.example%2F',
      )
      .expect(400);
    expect(page.headers.location).toBeUndefined();
    const res = await request(t.server)
      .post('/oauth2/token')
      .set('Authorization', `Basic ${Buffer.from('0123456789abcdef0123456789abcdef:x').toString('base64')}`)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(
      (
        await token({ grant_type: 'client_credentials', client_id: web.consumerKey, client_secret: 'wrong' }).expect(
          401,
        )
      ).body.error,
    ).toBe('invalid_client');
  });

  it('redirects protocol errors back with error, state and iss (RFC 9207)', async () => {
    const noPkce = await authorize(pub);
    expect(Object.fromEntries(noPkce.url!.searchParams)).toMatchObject({
      error: 'invalid_request',
      state: 'st8',
      iss: BASE,
    });
    expect(noPkce.url!.origin + noPkce.url!.pathname).toBe('https://native.example.org/cb');
    const badType = await user
      .get(`/oauth2/authorize?client_id=${web.consumerKey}&response_type=token&state=s`)
      .expect(303);
    expect(new URL(badType.headers.location).searchParams.get('error')).toBe('unsupported_response_type');
    const badScope = await user
      .get(`/oauth2/authorize?client_id=${web.consumerKey}&response_type=code&scope=nonsense`)
      .expect(303);
    expect(new URL(badScope.headers.location).searchParams.get('error')).toBe('invalid_scope');
    const fresh = await registerClient(dev, admin, { callbackUrl: 'https://fresh.example.org/cb' });
    const cancelled = await authorize(fresh, {}, 'cancel');
    expect(Object.fromEntries(cancelled.url!.searchParams)).toMatchObject({
      error: 'access_denied',
      state: 'st8',
      iss: BASE,
    });
  });

  it("enforces each client's grant types at the token endpoint", async () => {
    const res = await token({
      grant_type: 'client_credentials',
      client_id: web.consumerKey,
      client_secret: web.secret,
    }).expect(400);
    expect(res.body.error).toBe('unauthorized_client');
    expect(
      (await token({ grant_type: 'password', client_id: web.consumerKey, client_secret: web.secret }).expect(400)).body
        .error,
    ).toBe('unsupported_grant_type');
    // The grant type is named whole (it was cut to "…token-e"), bounded, and in RFC 6749 §5.2's characters.
    const exchange = await token({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: web.consumerKey,
      client_secret: web.secret,
    }).expect(400);
    expect(exchange.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: "Unsupported grant_type 'urn:ietf:params:oauth:grant-type:token-exchange'.",
    });
    const long = await token({
      grant_type: `x\u0001"${'y'.repeat(5000)}`,
      client_id: web.consumerKey,
      client_secret: web.secret,
    }).expect(400);
    expect(long.body.error_description).toMatch(/^Unsupported grant_type 'x\?'y+'\.\.\. \(5003 characters\)\.$/);
    expect((await token({ client_id: web.consumerKey, client_secret: web.secret }).expect(400)).body.error).toBe(
      'invalid_request',
    );
  });

  it('refuses malformed token requests', async () => {
    const json = await request(t.server).post('/oauth2/token').send({ grant_type: 'client_credentials' }).expect(400);
    expect(json.body.error).toBe('invalid_request');
    const repeated = await request(t.server)
      .post('/oauth2/token')
      .type('form')
      .send('grant_type=client_credentials&grant_type=refresh_token')
      .expect(400);
    expect(repeated.body.error).toBe('invalid_request');
    const both = await request(t.server)
      .post('/oauth2/token')
      .set('Authorization', basic(web))
      .type('form')
      .send({ grant_type: 'client_credentials', client_secret: web.secret })
      .expect(400);
    expect(both.body.error).toBe('invalid_request');
  });

  it('refuses a wider scope on refresh', async () => {
    const tokens = await tokensFor(web, 'editpage');
    const res = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: 'editpage uploadfile',
      client_id: web.consumerKey,
      client_secret: web.secret,
    }).expect(400);
    expect(res.body.error).toBe('invalid_scope');
    const narrower = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: 'basic',
      client_id: web.consumerKey,
      client_secret: web.secret,
    }).expect(200);
    expect(narrower.body.scope).toBe('basic');
  });

  it('refuses expired access tokens', async () => {
    const tokens = await tokensFor(web);
    await t.dataSource
      .getRepository(OAuth2Token)
      .update({ kind: 'access' }, { expiresAt: new Date(Date.now() - 1000) });
    expect((await profile(tokens.access_token).expect(401)).body.error).toBe('invalid_token');
  });

  it('refuses clients outside their IP restriction, at the token endpoint too', async () => {
    const fenced = await registerClient(dev, admin, {
      callbackUrl: undefined,
      oauth2GrantTypes: ['client_credentials'],
      restrictions: ['198.51.100.0/24'],
    });
    const res = await token({
      grant_type: 'client_credentials',
      client_id: fenced.consumerKey,
      client_secret: fenced.secret,
    }).expect(403);
    expect(res.body.error).toBe('access_denied');
  });

  it('refuses tokens of a disabled client and of a revoked authorization, on the very next request', async () => {
    const client = await registerClient(dev, admin, { callbackUrl: 'https://soon-disabled.example.org/cb' });
    const tokens = await tokensFor(client);
    await profile(tokens.access_token).expect(200);
    await admin
      .post(`/api/v1/consumers/${client.consumerKey}/review`)
      .set('If-Match', client.etag)
      .send({ action: 'disable', reason: 'abuse' })
      .expect(200);
    await profile(tokens.access_token).expect(401);
    expect(
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
          client_id: client.consumerKey,
          client_secret: client.secret,
        }).expect(400)
      ).body.error,
    ).toBe('invalid_grant');
    // /oauth2/authorize reads the client through the hot-path cache, which the review dropped.
    // A disabled client is not trusted with a redirect at all: our own page, nothing sent to it.
    const again = await authorize(client);
    expect(again.status).toBe(403);
    expect(again.url).toBeUndefined();

    const mine = await tokensFor(web);
    const list = await user.get('/api/v1/me/authorizations').expect(200);
    const id = list.body.find(
      (a: { consumer: { consumerKey: string } }) => a.consumer.consumerKey === web.consumerKey,
    ).id;
    await user.delete(`/api/v1/me/authorizations/${id}`).expect(204);
    await profile(mine.access_token).expect(401);
    expect(
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: mine.refresh_token,
          client_id: web.consumerKey,
          client_secret: web.secret,
        }).expect(400)
      ).body.error,
    ).toBe('invalid_grant');
  });

  it('lets a Bearer token drive the admin API with user rights ∩ grant rights', async () => {
    const tool = await registerClient(dev, admin, {
      callbackUrl: 'https://tool.example.org/cb',
      grants: ['oauthmanageownclient'],
    });
    const devTokens = await obtainTokens(t.server, dev, tool);
    const bearer = (r: request.Test) => r.set('Authorization', `Bearer ${devTokens.access_token}`);
    const me = await bearer(request(t.server).get('/api/v1/users/me')).expect(200);
    expect(me.body.username).toBeDefined();
    await bearer(request(t.server).post('/w/rest.php/oauth2/client'))
      .send({
        name: 'Made by a script',
        description: 'x',
        callback_url: 'https://script.example.org/cb',
        email: 'dev@example.org',
        is_confidential: true,
        grant_types: ['authorization_code'],
        scopes: ['basic'],
      })
      .expect(200);
    const plain = await tokensFor(web);
    const refused = await request(t.server)
      .post('/api/v1/consumers')
      .set('Authorization', `Bearer ${plain.access_token}`)
      .send({})
      .expect(403);
    expect(refused.body.message).toContain('mwoauthproposeconsumer');
    await request(t.server).get('/api/v1/users/me').set('Authorization', 'Bearer not-a-token').expect(401);
  });

  it('owner-only OAuth 2 clients get a long-lived token at once, re-issued on secret reset', async () => {
    const mine = await dev
      .post('/api/v1/consumers')
      .send({
        oauthVersion: 2,
        name: 'My script',
        description: 'x',
        grants: ['editpage'],
        ownerOnly: true,
        agreement: true,
      })
      .expect(201);
    expect(mine.body.oauth2GrantTypes).toEqual(['client_credentials']);
    const first = mine.body.accessToken as string;
    expect((await profile(first).expect(200)).body.sub).toBe(String(mine.body.owner.id));
    const reset = await dev
      .post(`/api/v1/consumers/${mine.body.consumerKey}/reset-secret`)
      .set('If-Match', mine.headers.etag)
      .send({})
      .expect(200);
    await profile(first).expect(401);
    await profile(reset.body.accessToken).expect(200);
    const cc = await token({
      grant_type: 'client_credentials',
      client_id: mine.body.consumerKey,
      client_secret: reset.body.secret,
    }).expect(200);
    expect((await profile(cc.body.access_token).expect(200)).body.sub).toBe(String(mine.body.owner.id));
  });

  it('narrows issued tokens at once when the user narrows the authorization; openid alone wants none', async () => {
    const client = await registerClient(dev, admin, {
      callbackUrl: 'https://narrow.example.org/cb',
      grants: ['editpage', 'uploadfile'],
    });
    const tokens = await tokensFor(client);
    expect(tokens.scope).toBe('basic editpage uploadfile');
    const list = await user.get('/api/v1/me/authorizations').expect(200);
    const id = list.body.find(
      (a: { consumer: { consumerKey: string } }) => a.consumer.consumerKey === client.consumerKey,
    ).id;
    await user
      .patch(`/api/v1/me/authorizations/${id}`)
      .send({ grants: ['editpage'] })
      .expect(200);
    const introspected = await request(t.server)
      .post('/oauth2/introspect')
      .type('form')
      .send({ token: tokens.access_token, client_id: client.consumerKey, client_secret: client.secret })
      .expect(200);
    expect(introspected.body.scope).toBe('basic editpage');
    const signIn = await registerClient(dev, admin, {
      callbackUrl: 'https://signin.example.org/cb',
      grants: ['editpage'],
    });
    expect((await tokensFor(signIn, 'openid')).scope).toBe('openid basic');
  });

  it('shows the consent page without the site navigation for display=popup', async () => {
    const fresh = await registerClient(dev, admin, { callbackUrl: 'https://popup.example.org/cb' });
    const query = new URLSearchParams({ client_id: fresh.consumerKey, response_type: 'code', display: 'popup' });
    const page = await user.get(`/oauth2/authorize?${query}`).expect(200);
    expect(page.text).toContain('Allow this application?');
    expect(page.text).toContain('class="popup"');
    expect(page.text).not.toContain('class="site-header"');
    expect(page.headers['content-security-policy']).toContain("form-action 'self' https://popup.example.org");
  });

  it('refuses introspection to public clients (RFC 7662 §2.1)', async () => {
    const res = await request(t.server)
      .post('/oauth2/introspect')
      .type('form')
      .send({ token: 'x', client_id: pub.consumerKey })
      .expect(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('keys:rotate publishes the new key at once; old tokens keep working', async () => {
    const before = await tokensFor(web);
    const out: string[] = [];
    const io: CliIo = { open: async () => ({ context: t.app, close: async () => undefined }), out: (l) => out.push(l) };
    await buildProgram(io).parseAsync(['node', 'cli', 'keys:rotate', '--activate-in', '0']);
    const kid = /New signing key (\S+):/.exec(out[0])![1];
    const jwks = await request(t.server).get('/oauth2/jwks').expect(200);
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
    expect(jwks.body.keys.length).toBeGreaterThanOrEqual(2);
    await profile(before.access_token).expect(200);
    const after = await tokensFor(web);
    const header = JSON.parse(Buffer.from(after.access_token.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ kid, typ: 'at+jwt', alg: 'ES256' });
    await profile(after.access_token).expect(200);
  });
});
