import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { UsersService } from '../src/users/users.service';
import { oauth1Proposal } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { signedHeader, signer } from './helpers/oauth1';
import { obtainTokens, registerClient, RegisteredClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const BASE = 'http://consentry.test';
const API = 'http://api.example.org/w/api.php?action=query&meta=userinfo';
const GATEWAY_SECRET = 'gateway-secret-0123456789abcdef-0123456789';

/** GET /auth/verify as nginx calls it: the original request in X-Original-* headers. */
describe.each(databaseKinds())('gateway verification on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let admin: TestAgent;
  let web: RegisteredClient;
  let v1: RegisteredClient;

  beforeAll(async () => {
    t = await createTestApp(kind, {
      PUBLIC_URL: BASE,
      WIKI_ID: 'enwiki',
      DISABLED_API_ACTIONS: 'import,userrights',
      GATEWAY_SECRET,
      TRUST_PROXY: '127.0.0.1',
    });
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, { groups: ['oauthadmin'] });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    web = await registerClient(dev, admin, {
      name: 'Gateway web',
      callbackUrl: 'https://gw.example.org/cb',
      grants: ['editpage'],
    });
    v1 = await registerClient(dev, admin, oauth1Proposal({ name: 'Gateway v1', grants: ['editpage'] }));
  });
  afterAll(async () => {
    await t.close();
  });

  /** A fresh user with an OAuth 2 token and OAuth 1.0a credentials for the two test clients. */
  async function credentials(options: { v1Client?: RegisteredClient; v2Client?: RegisteredClient } = {}) {
    const u = await makeUser(t.app);
    const agent = await loginAgent(t.server, u.username, u.password);
    const tokens = await obtainTokens(t.server, agent, options.v2Client ?? web);
    const consumer = (await t.app.get(ConsumerLookup).findByKey((options.v1Client ?? v1).consumerKey))!;
    const v1Creds = await t.app.get(AuthorizationsService).authorize(u, consumer);
    return {
      user: u,
      agent,
      bearer: `Bearer ${tokens.access_token}`,
      v1: { key: v1Creds.accessToken!, secret: v1Creds.accessSecret! },
      v1Client: options.v1Client ?? v1,
    };
  }

  const oauth1Header = (
    c: { v1: { key: string; secret: string }; v1Client: RegisteredClient },
    url = API,
    method = 'GET',
  ) => signedHeader(signer(c.v1Client.consumerKey, c.v1Client.secret), { url, method }, c.v1);

  const verify = (authorization: string | undefined, url = API, extra: Record<string, string> = {}) => {
    const parsed = new URL(url);
    const req = request(t.server)
      .get('/auth/verify')
      .set('X-Original-Method', extra.method ?? 'GET')
      .set('X-Original-URI', parsed.pathname + parsed.search)
      .set('X-Forwarded-Host', parsed.host)
      .set('X-Forwarded-Proto', parsed.protocol.slice(0, -1));
    return authorization ? req.set('Authorization', authorization) : req;
  };

  it('answers 200 with the principal in X-Auth-* headers, for both protocols', async () => {
    const c = await credentials();
    for (const [authorization, version] of [
      [c.bearer, '2'],
      [oauth1Header(c), '1'],
    ] as const) {
      const res = await verify(authorization).expect(200);
      expect(res.headers['x-auth-user-id']).toBe(String(c.user.id));
      expect(decodeURIComponent(res.headers['x-auth-user-name'])).toBe(c.user.username);
      expect(res.headers['x-auth-oauth-version']).toBe(version);
      expect(res.headers['x-auth-grants']).toBe('basic editpage');
      expect(res.headers['x-auth-rights'].split(' ')).toEqual(expect.arrayContaining(['read', 'edit']));
      expect(res.headers['x-auth-rights'].split(' ')).not.toContain('delete');
      expect(res.body).toMatchObject({
        user: { id: c.user.id, groups: ['*', 'user'] },
        oauthVersion: Number(version),
        consumer: { ownerOnly: false },
      });
    }
  });

  it('answers 401 with challenges for missing or bad credentials', async () => {
    const none = await verify(undefined).expect(401);
    expect(none.body.error).toBe('mwoauth-invalid-authorization');
    expect(none.headers['www-authenticate']).toContain('Bearer realm=');
    const badBearer = await verify('Bearer eyJhbGciOiJFUzI1NiJ9.e30.sig').expect(401);
    expect(badBearer.headers['www-authenticate']).toContain('error="invalid_token"');
    const c = await credentials();
    const replayed = oauth1Header(c);
    await verify(replayed).expect(200);
    const replay = await verify(replayed).expect(401);
    expect(replay.body.message).toContain('Nonce already used');
    expect(replay.headers['www-authenticate']).toBe(`OAuth realm="${BASE}"`);
    // A signature for another URL does not verify here.
    await verify(oauth1Header(c, 'http://api.example.org/w/api.php?action=edit')).expect(401);
  });

  it.each([['bearer'], ['oauth1']])(
    'refuses a blocked user (%s) with 403 -blocked-user, on the very next request',
    async (which) => {
      const c = await credentials();
      const auth = () => (which === 'bearer' ? c.bearer : oauth1Header(c));
      await verify(auth()).expect(200);
      await t.app.get(UsersService).update(c.user.id, { blocked: true });
      expect((await verify(auth()).expect(403)).body.error).toBe('mwoauth-invalid-authorization-blocked-user');
    },
  );

  it.each([['bearer'], ['oauth1']])('refuses a revoked authorization (%s) with 401', async (which) => {
    const c = await credentials();
    const auth = () => (which === 'bearer' ? c.bearer : oauth1Header(c));
    await verify(auth()).expect(200);
    const mine = await c.agent.get('/api/v1/me/authorizations').expect(200);
    for (const a of mine.body) await c.agent.delete(`/api/v1/me/authorizations/${a.id}`).expect(204);
    expect((await verify(auth()).expect(401)).body.error).toBe('mwoauth-invalid-authorization');
  });

  it.each([['bearer'], ['oauth1']])('refuses a disabled consumer (%s) with 403 -not-approved', async (which) => {
    const v2c = await registerClient(dev, admin, { callbackUrl: 'https://gw2.example.org/cb', grants: ['editpage'] });
    const v1c = await registerClient(dev, admin, oauth1Proposal({ grants: ['editpage'] }));
    const c = await credentials({ v1Client: v1c, v2Client: v2c });
    const target = which === 'bearer' ? v2c : v1c;
    const auth = () => (which === 'bearer' ? c.bearer : oauth1Header(c));
    await verify(auth()).expect(200);
    await admin
      .post(`/api/v1/consumers/${target.consumerKey}/review`)
      .set('If-Match', target.etag)
      .send({ action: 'disable', reason: 'x' })
      .expect(200);
    expect((await verify(auth()).expect(403)).body.error).toBe('mwoauth-invalid-authorization-not-approved');
  });

  it.each([['bearer'], ['oauth1']])("refuses another wiki's consumer (%s) with 403 -wrong-wiki", async (which) => {
    const v2c = await registerClient(dev, admin, { callbackUrl: 'https://de.example.org/cb', wiki: 'dewiki' });
    const v1c = await registerClient(dev, admin, oauth1Proposal({ wiki: 'dewiki' }));
    const c = await credentials({ v1Client: v1c, v2Client: v2c });
    const res = await verify(which === 'bearer' ? c.bearer : oauth1Header(c)).expect(403);
    expect(res.body.error).toBe('mwoauth-invalid-authorization-wrong-wiki');
  });

  it.each([['bearer'], ['oauth1']])('refuses a client outside its IP restriction (%s) with 403', async (which) => {
    const v2c = await registerClient(dev, admin, { callbackUrl: 'https://ip.example.org/cb' });
    const v1c = await registerClient(dev, admin, oauth1Proposal());
    const c = await credentials({ v1Client: v1c, v2Client: v2c });
    const target = which === 'bearer' ? v2c : v1c;
    await verify(which === 'bearer' ? c.bearer : oauth1Header(c)).expect(200);
    // The owner fences the consumer in after the tokens were issued: the next request is refused.
    await dev
      .patch(`/api/v1/consumers/${target.consumerKey}`)
      .set('If-Match', target.etag)
      .send({ restrictions: ['192.0.2.0/24'], reason: 'fixed servers' })
      .expect(200);
    const res = await verify(which === 'bearer' ? c.bearer : oauth1Header(c)).expect(403);
    expect(res.body.error).toBe('mwoauthdatastore-bad-source-ip');
  });

  it('refuses disabled API actions (DISABLED_API_ACTIONS)', async () => {
    const c = await credentials();
    const res = await verify(c.bearer, 'http://api.example.org/w/api.php?action=import').expect(403);
    expect(res.body).toEqual({
      error: 'mwoauth-api-module-disabled',
      message: 'The "import" module is not available with OAuth.',
    });
  });

  it('refuses a disabled action however it is hidden: repeated, percent-encoded, or in the body', async () => {
    const c = await credentials();
    // PHP keeps the last of repeated parameters and decodes names: MediaWiki would run "import".
    for (const query of ['action=query&action=import', '%61ction=import', 'act%69on=userrights']) {
      const res = await verify(c.bearer, `http://api.example.org/w/api.php?${query}`).expect(403);
      expect(res.body.error).toBe('mwoauth-api-module-disabled');
    }
    // The body overrides the query in PHP's $_REQUEST.
    const body = {
      method: 'POST',
      url: 'http://api.example.org/w/api.php?action=query',
      headers: { Authorization: c.bearer, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=import',
      clientIp: '203.0.113.9',
    };
    const res = await request(t.server)
      .post('/auth/verify')
      .set('X-Gateway-Secret', GATEWAY_SECRET)
      .send(body)
      .expect(403);
    expect(res.body.error).toBe('mwoauth-api-module-disabled');
    await verify(c.bearer, 'http://api.example.org/w/api.php?action=query&list=import').expect(200);
  });

  it('POST /auth/verify takes the whole request, form body included, from gateways only', async () => {
    const c = await credentials();
    const url = 'http://api.example.org/w/api.php';
    const form = { action: 'edit', title: 'Sandbox', text: 'Hello' };
    const authorization = signedHeader(signer(v1.consumerKey, v1.secret), { url, method: 'POST', data: form }, c.v1);
    const body = {
      method: 'POST',
      url,
      headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      clientIp: '203.0.113.9',
    };
    await request(t.server).post('/auth/verify').send(body).expect(403);
    await request(t.server).post('/auth/verify').set('X-Gateway-Secret', 'wrong').send(body).expect(403);
    const ok = await request(t.server)
      .post('/auth/verify')
      .set('X-Gateway-Secret', GATEWAY_SECRET)
      .send(body)
      .expect(200);
    expect(ok.body).toMatchObject({ oauthVersion: 1, user: { id: c.user.id }, grants: ['basic', 'editpage'] });
    const tampered = {
      ...body,
      body: 'action=edit&title=Sandbox&text=Vandalism',
      headers: {
        ...body.headers,
        Authorization: signedHeader(signer(v1.consumerKey, v1.secret), { url, method: 'POST', data: form }, c.v1),
      },
    };
    expect(
      (await request(t.server).post('/auth/verify').set('X-Gateway-Secret', GATEWAY_SECRET).send(tampered).expect(401))
        .body.error,
    ).toBe('mwoauth-invalid-authorization');
    await request(t.server)
      .post('/auth/verify')
      .set('X-Gateway-Secret', GATEWAY_SECRET)
      .send({ ...body, url: 'not a url' })
      .expect(400);
  });
});
