import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { oauth1Proposal } from './helpers/consumers';
import { createTestDatabase, TestDatabase } from './helpers/databases';
import { freePort, signedHeader, signer } from './helpers/oauth1';
import { authorizationCode, obtainTokens, registerClient, RegisteredClient } from './helpers/oauth2';
import { csrfTokenOf, loginAgent, setCookies } from './helpers/sessions';
import { createTestApp, TEST_SECRET_KEY, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const ready = Boolean(process.env.TEST_MYSQL_URL && process.env.TEST_REDIS_URL);
if (!ready)
  process.stderr.write('multi-instance: needs TEST_MYSQL_URL and TEST_REDIS_URL (as .ci/run sets); skipped here.\n');

/**
 * Two Consentry instances on one MariaDB and one Redis: A in this process, B a separate
 * process (its own caches and memory), as behind a load balancer.
 */
(ready ? describe : describe.skip)('two instances on MariaDB + Redis', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: ChildProcess;
  let bUrl: string;
  let dev: TestAgent;
  let admin: TestAgent;
  let v2: RegisteredClient;
  let v1: RegisteredClient;
  const publicUrl = 'http://consentry.test';
  const api = 'http://api.example.org/w/api.php?action=query&meta=userinfo';

  beforeAll(async () => {
    database = await createTestDatabase('mariadb');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: process.env.TEST_REDIS_URL!,
      PUBLIC_URL: publicUrl,
      TRUST_PROXY: '127.0.0.1',
    };
    a = await createTestApp('sqlite', env);
    const port = await freePort();
    bUrl = `http://127.0.0.1:${port}`;
    b = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', 'src', 'main.ts')], {
      env: {
        ...process.env,
        ...env,
        SECRET_KEY: TEST_SECRET_KEY,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        MIGRATIONS_RUN: 'false',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 200; i += 1) {
      if (
        await fetch(`${bUrl}/readyz`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const devUser = await makeUser(a.app, { email: 'dev@example.org', emailVerified: true });
    dev = await loginAgent(a.server, devUser.username, devUser.password);
    const adminUser = await makeUser(a.app, { groups: ['oauthadmin'] });
    admin = await loginAgent(a.server, adminUser.username, adminUser.password);
    v2 = await registerClient(dev, admin, { callbackUrl: 'https://multi.example.org/cb', grants: ['editpage'] });
    v1 = await registerClient(dev, admin, oauth1Proposal({ grants: ['editpage'] }));
  }, 60_000);
  afterAll(async () => {
    b?.kill('SIGTERM');
    await a?.close();
    await database?.drop();
  });

  const verifyOn = (server: unknown, authorization: string) => {
    const req =
      typeof server === 'string' ? request(server).get('/auth/verify') : request(server as never).get('/auth/verify');
    const url = new URL(api);
    return req
      .set('Authorization', authorization)
      .set('X-Original-URI', url.pathname + url.search)
      .set('X-Forwarded-Host', url.host)
      .set('X-Forwarded-Proto', 'http');
  };

  it('a login made on A works on B (sessions in Redis)', async () => {
    const user = await makeUser(a.app);
    const page = await request(a.server).get('/login').expect(200);
    const csrfCookie = setCookies(page)
      .map((c) => c.split(';')[0])
      .join('; ');
    const login = await request(a.server)
      .post('/login')
      .set('Cookie', csrfCookie)
      .type('form')
      .send({ _csrf: csrfTokenOf(page.text), username: user.username, password: user.password })
      .expect(303);
    const cookie = setCookies(login)
      .find((c) => c.startsWith('consentry_session='))!
      .split(';')[0];
    const onB = await request(bUrl).get('/api/v1/users/me').set('Cookie', cookie).expect(200);
    expect(onB.body.id).toBe(user.id);
  });

  it('a nonce used on A is refused on B', async () => {
    const user = await makeUser(a.app);
    const creds = await a.app
      .get(AuthorizationsService)
      .authorize(user, (await a.app.get(ConsumerLookup).findByKey(v1.consumerKey))!);
    const header = signedHeader(
      signer(v1.consumerKey, v1.secret),
      { url: api, method: 'GET' },
      { key: creds.accessToken!, secret: creds.accessSecret! },
    );
    await verifyOn(a.server, header).expect(200);
    expect((await verifyOn(bUrl, header).expect(401)).body.message).toContain('Nonce already used');
  });

  it("a code redeemed on A is refused on B; B's tokens verify against A's JWKS", async () => {
    const user = await makeUser(a.app);
    const agent = await loginAgent(a.server, user.username, user.password);
    const { code, verifier } = await authorizationCode(agent, v2.consumerKey);
    const body = {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: v2.consumerKey,
      client_secret: v2.secret,
    };
    await request(a.server).post('/oauth2/token').type('form').send(body).expect(200);
    expect((await request(bUrl).post('/oauth2/token').type('form').send(body).expect(400)).body.error).toBe(
      'invalid_grant',
    );

    const fromB = await request(bUrl)
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: v2.consumerKey, client_secret: v2.secret });
    // v2 does not allow client_credentials: B refuses like A would.
    expect(fromB.body.error).toBe('unauthorized_client');
    const tokens = await obtainTokens(a.server, agent, v2);
    const kid = JSON.parse(Buffer.from(tokens.access_token.split('.')[0], 'base64url').toString()).kid;
    const jwksB = await request(bUrl).get('/oauth2/jwks').expect(200);
    expect(jwksB.body.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
    await verifyOn(bUrl, `Bearer ${tokens.access_token}`).expect(200);
  });

  it('a revocation on A is refused by B within one second', async () => {
    const user = await makeUser(a.app);
    const agent = await loginAgent(a.server, user.username, user.password);
    const tokens = await obtainTokens(a.server, agent, v2);
    await verifyOn(bUrl, `Bearer ${tokens.access_token}`).expect(200);
    const mine = await agent.get('/api/v1/me/authorizations').expect(200);
    await agent.delete(`/api/v1/me/authorizations/${mine.body[0].id}`).expect(204);
    const started = Date.now();
    let status = 200;
    while (Date.now() - started < 1000 && status === 200) {
      status = (await verifyOn(bUrl, `Bearer ${tokens.access_token}`)).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(401);
  });

  it('a consumer disabled on A is refused by B', async () => {
    const client = await registerClient(dev, admin, { callbackUrl: 'https://multi2.example.org/cb' });
    const user = await makeUser(a.app);
    const tokens = await obtainTokens(a.server, await loginAgent(a.server, user.username, user.password), client);
    await verifyOn(bUrl, `Bearer ${tokens.access_token}`).expect(200);
    await admin
      .post(`/api/v1/consumers/${client.consumerKey}/review`)
      .set('If-Match', client.etag)
      .send({ action: 'disable', reason: 'x' })
      .expect(200);
    await new Promise((r) => setTimeout(r, 400));
    expect((await verifyOn(bUrl, `Bearer ${tokens.access_token}`).expect(403)).body.error).toBe(
      'mwoauth-invalid-authorization-not-approved',
    );
  });
});
