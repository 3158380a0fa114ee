import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { ConsumerExpiry } from '../src/consumers/consumer-expiry.service';
import { Janitor } from '../src/operations/janitor.service';
import { oauth1Proposal, oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { consent, signedHeader, signer } from './helpers/oauth1';
import { obtainTokens, registerClient, RegisteredClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const BASE = 'http://consentry.test';
const MESSAGE = 'Upgrading the database until 14:00 UTC.';
/** What read-only mode keeps: every table of data (sessions and the audit trail may still be written). */
const DATA_TABLES = ['consumers', 'consumer_log', 'authorizations', 'oauth2_tokens', 'users', 'user_groups'];

/**
 * docs/operations.md#read-only-mode: the data is written by a writable instance, then the same
 * database is served by one started with READ_ONLY=true. What only reads works; every write is a
 * 503 in its protocol's shape, with the operator's message and Retry-After, and changes no row.
 */
describe.each(databaseKinds())('Read-only mode on %s', (kind) => {
  let t: TestApp;
  let writable: TestApp;
  let client: RegisteredClient;
  let tokens: { access_token: string; refresh_token?: string };
  let oauth1: { consumerKey: string; secret: string; token: string; tokenSecret: string };
  let pending: { consumerKey: string; etag: string };
  let authorizationId: number;
  let users: Record<'dev' | 'admin' | 'alice', { username: string; password: string }>;

  beforeAll(async () => {
    writable = await createTestApp(kind, { PUBLIC_URL: BASE });
    const s = writable.server;
    users = {
      dev: await makeUser(writable.app, { email: 'dev@example.org', emailVerified: true }),
      admin: await makeUser(writable.app, { groups: ['oauthadmin'] }),
      alice: await makeUser(writable.app),
    };
    const dev = await loginAgent(s, users.dev.username, users.dev.password);
    const admin = await loginAgent(s, users.admin.username, users.admin.password);
    const alice = await loginAgent(s, users.alice.username, users.alice.password);
    client = await registerClient(dev, admin);
    tokens = await obtainTokens(s, alice, client, 'openid editpage');
    const one = await registerClient(dev, admin, oauth1Proposal());
    oauth1 = { consumerKey: one.consumerKey, secret: one.secret, ...(await oauth1AccessToken(s, alice, one)) };
    const proposed = await propose(dev, oauth2Proposal({ name: 'Awaiting review' }));
    pending = { consumerKey: proposed.consumerKey, etag: proposed.etag };
    const mine = await alice.get('/api/v1/me/authorizations').expect(200);
    authorizationId = (mine.body as Array<{ id: number }>)[0].id;
    await writable.app.close();
    // The same database, now read-only.
    t = await createTestApp(kind, {
      PUBLIC_URL: BASE,
      DATABASE_URL: writable.database.url,
      READ_ONLY: 'true',
      READ_ONLY_MESSAGE: MESSAGE,
      // The gateway's X-Original-* headers count from trusted peers only.
      TRUST_PROXY: '127.0.0.1',
    });
    // Two boots and several logins (argon2id): more than the default 30 s on a busy machine.
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await writable.database.drop();
  });

  async function oauth1AccessToken(
    server: unknown,
    user: TestAgent,
    consumer: { consumerKey: string; secret: string },
  ) {
    const oauth = signer(consumer.consumerKey, consumer.secret);
    const data = { oauth_callback: 'oob' };
    const init = await request(server as never)
      .post('/oauth1/initiate')
      .set('Authorization', signedHeader(oauth, { url: `${BASE}/oauth1/initiate`, method: 'POST', data }))
      .expect(200);
    const rt = Object.fromEntries(new URLSearchParams(init.text));
    const { location } = await consent(user, `/oauth1/authorize?oauth_token=${rt.oauth_token}`);
    const verifier = new URL(location!, BASE).searchParams.get('oauth_verifier')!;
    const res = await request(server as never)
      .post('/oauth1/token')
      .set(
        'Authorization',
        signedHeader(
          oauth,
          { url: `${BASE}/oauth1/token`, method: 'POST', data: { oauth_verifier: verifier } },
          { key: rt.oauth_token, secret: rt.oauth_token_secret },
        ),
      )
      .expect(200);
    const at = Object.fromEntries(new URLSearchParams(res.text));
    return { token: at.oauth_token, tokenSecret: at.oauth_token_secret };
  }

  const oauth1Header = (url: string, method = 'GET') =>
    signedHeader(
      signer(oauth1.consumerKey, oauth1.secret),
      { url, method },
      { key: oauth1.token, secret: oauth1.tokenSecret },
    );

  const counts = async () => {
    const result: Record<string, number> = {};
    for (const table of DATA_TABLES) {
      const [row] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
      result[table] = Number(row.n);
    }
    return result;
  };

  const verify = (authorization: string) =>
    request(t.server)
      .get('/auth/verify')
      .set('X-Original-Method', 'GET')
      .set('X-Original-URI', '/w/api.php?action=query')
      .set('X-Forwarded-Host', 'wiki.example.org')
      .set('X-Forwarded-Proto', 'https')
      .set('Authorization', authorization);

  it('verifies the existing tokens of both protocols at the gateway', async () => {
    const bearer = await verify(`Bearer ${tokens.access_token}`).expect(200);
    expect(bearer.headers['x-auth-user-name']).toBe(users.alice.username);
    // The nonce store (Redis or memory) still takes OAuth 1.0a nonces: replay protection holds.
    const header = oauth1Header('https://wiki.example.org/w/api.php?action=query');
    const signed = await verify(header).expect(200);
    expect(signed.headers['x-auth-oauth-version']).toBe('1');
    await verify(header).expect(401);
  });

  it('answers introspection, userinfo and OAuth 1.0a identify', async () => {
    const introspected = await request(t.server)
      .post('/oauth2/introspect')
      .auth(client.consumerKey, client.secret)
      .type('form')
      .send({ token: tokens.access_token })
      .expect(200);
    expect(introspected.body).toMatchObject({ active: true, client_id: client.consumerKey });
    const info = await request(t.server)
      .post('/oauth2/userinfo')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);
    expect(info.body.preferred_username).toBe(users.alice.username);
    for (const path of ['/oauth1/identify', '/w/index.php?title=Special:OAuth/identify']) {
      const jwt = await request(t.server)
        .get(path)
        .set('Authorization', oauth1Header(`${BASE}${path}`))
        .expect(200);
      expect(jwt.headers['content-type']).toContain('application/jwt');
    }
  });

  it('lets people log in and read their pages and the API', async () => {
    const alice = await loginAgent(t.server, users.alice.username, users.alice.password);
    const apps = await alice.get('/me/apps').set('Accept', 'text/html').expect(200);
    expect(apps.text).toContain(users.alice.username);
    await alice.get('/api/v1/me/authorizations').expect(200);
    await request(t.server).get('/consumers').expect(200);
    await request(t.server).get(`/api/v1/consumers/${client.consumerKey}`).expect(200);
  });

  it('refuses every write: 503, the message, Retry-After, each protocol’s shape, no row changed', async () => {
    const before = await counts();
    const dev = await loginAgent(t.server, users.dev.username, users.dev.password);
    const admin = await loginAgent(t.server, users.admin.username, users.admin.password);
    const alice = await loginAgent(t.server, users.alice.username, users.alice.password);
    const apiRefusal = { error: 'read_only', message: MESSAGE };
    const oauth2Refusal = { error: 'temporarily_unavailable', error_description: MESSAGE };
    const refused = (res: request.Response) => {
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('300');
      return res;
    };

    // The admin API: proposals, updates, reviews, revocations.
    expect(refused(await dev.post('/api/v1/consumers').send(oauth2Proposal())).body).toEqual(apiRefusal);
    const review = await admin
      .post(`/api/v1/consumers/${pending.consumerKey}/review`)
      .set('If-Match', pending.etag)
      .send({ action: 'approve', reason: 'ok' });
    expect(refused(review).body).toEqual(apiRefusal);
    const update = await dev
      .patch(`/api/v1/consumers/${client.consumerKey}`)
      .set('If-Match', client.etag)
      .send({ restrictions: ['10.0.0.0/8'] });
    expect(refused(update).body).toEqual(apiRefusal);
    expect(refused(await alice.delete(`/api/v1/me/authorizations/${authorizationId}`)).body).toEqual(apiRefusal);

    // OAuth 2: every grant of the token endpoint, and revocation (RFC 6749 §5.2 shape).
    for (const form of [
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
      { grant_type: 'authorization_code', code: 'x', code_verifier: 'y' },
      { grant_type: 'client_credentials' },
    ]) {
      const res = await request(t.server)
        .post('/oauth2/token')
        .auth(client.consumerKey, client.secret)
        .type('form')
        .send(form);
      expect(refused(res).body).toEqual(oauth2Refusal);
    }
    const revoke = await request(t.server)
      .post('/oauth2/revoke')
      .auth(client.consumerKey, client.secret)
      .type('form')
      .send({ token: tokens.access_token });
    expect(refused(revoke).body).toEqual(oauth2Refusal);

    // Consent, in a browser: a page saying why, not JSON.
    const decision = await alice
      .post('/oauth2/authorize')
      .set('Accept', 'text/html')
      .type('form')
      .send({ client_id: client.consumerKey, response_type: 'code', decision: 'allow' });
    expect(refused(decision).headers['content-type']).toContain('text/html');
    expect(decision.text).toContain(MESSAGE);
    expect(decision.text).toContain(users.alice.username);
    const authorize = await alice
      .get(`/oauth2/authorize?client_id=${client.consumerKey}&response_type=code`)
      .set('Accept', 'text/html');
    expect(refused(authorize).text).toContain(MESSAGE);

    // OAuth 1.0a: request and access tokens, MediaWiki's key in its formats.
    const data = { oauth_callback: 'oob' };
    const initiate = (path: string) =>
      request(t.server)
        .post(path)
        .set(
          'Authorization',
          signedHeader(signer(oauth1.consumerKey, oauth1.secret), { url: `${BASE}${path}`, method: 'POST', data }),
        );
    const text = refused(await initiate('/oauth1/initiate'));
    expect(text.text).toBe(`Error: ${MESSAGE}`);
    expect(refused(await initiate('/oauth1/initiate?format=json')).body).toEqual({
      error: 'mwoauth-db-readonly',
      message: MESSAGE,
    });
    expect(refused(await initiate('/w/index.php?title=Special:OAuth/initiate')).text).toBe(`Error: ${MESSAGE}`);
    expect(refused(await request(t.server).get('/oauth1/token')).text).toBe(`Error: ${MESSAGE}`);

    // Pages: a form post answers with a page.
    const page = await alice
      .post(`/me/apps/${authorizationId}/revoke`)
      .set('Accept', 'text/html')
      .type('form')
      .send({});
    expect(refused(page).headers['content-type']).toContain('text/html');
    expect(page.text).toContain(MESSAGE);

    expect(await counts()).toEqual(before);
    const stillPending = await t.dataSource.query('SELECT stage FROM consumers WHERE consumerKey = ?', [
      pending.consumerKey,
    ]);
    expect(Number(stillPending[0].stage)).toBe(0);
    // The refresh token was not spent: it is still there, unrevoked, for when writes return.
    const [live] = await t.dataSource.query(
      "SELECT COUNT(*) AS n FROM oauth2_tokens WHERE kind = 'refresh' AND revokedAt IS NULL",
    );
    expect(Number(live.n)).toBe(1);
  }, 60_000);

  it('keeps the janitor and proposal expiry from changing rows', async () => {
    const before = await counts();
    const far = new Date(Date.now() + 10 * 365 * 86_400_000);
    expect(await t.app.get(Janitor).sweep(far)).toEqual({ oauth2_tokens: 0, sessions: 0, password_resets: 0 });
    // The pending proposal would be long overdue by then.
    expect(await t.app.get(ConsumerExpiry).expire(far)).toBe(0);
    expect(await counts()).toEqual(before);
    const [pendingRow] = await t.dataSource.query('SELECT stage FROM consumers WHERE consumerKey = ?', [
      pending.consumerKey,
    ]);
    expect(Number(pendingRow.stage)).toBe(0);
  });
});
