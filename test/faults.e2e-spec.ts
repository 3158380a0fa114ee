import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { oauth1Proposal, oauth2Proposal } from './helpers/consumers';
import { freePort, signedHeader, signer } from './helpers/oauth1';
import { registerClient, RegisteredClient } from './helpers/oauth2';
import { haveServers, PrivateMariaDb, PrivateRedis } from './helpers/private-services';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

if (!haveServers) process.stderr.write('faults: needs mariadbd, mariadb-install-db and redis-server; skipped here.\n');

const API = 'http://api.example.org/w/api.php?action=query&meta=userinfo';

/**
 * MariaDB and Redis stopped under a running instance (private servers, so nothing else is
 * disturbed): refusals are 503 within a bounded time, the process stays up, single-use checks
 * fail closed, and everything recovers by itself when the server returns.
 */
(haveServers ? describe : describe.skip)('faults', () => {
  let db: PrivateMariaDb;
  let redis: PrivateRedis;
  let t: TestApp;
  let dev: TestAgent;
  let client: RegisteredClient;
  let v1: RegisteredClient;

  beforeAll(async () => {
    db = new PrivateMariaDb(await freePort());
    redis = new PrivateRedis(await freePort());
    await Promise.all([db.start(), redis.start()]);
    t = await createTestApp('sqlite', { DATABASE_URL: db.url, REDIS_URL: redis.url, TRUST_PROXY: '127.0.0.1' });
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    client = await registerClient(dev, adminAgent, {
      callbackUrl: undefined,
      oauth2GrantTypes: ['client_credentials'],
    });
    v1 = await registerClient(dev, adminAgent, oauth1Proposal());
  }, 60_000);
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await Promise.all([db?.stop(), redis?.stop()]);
  });

  const clientCredentials = () =>
    request(t.server)
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: client.consumerKey, client_secret: client.secret });

  async function eventually(check: () => Promise<boolean>, ms = 20000): Promise<void> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await check().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('did not recover');
  }

  it('MariaDB stopped: 503 within seconds, the process stays up, nothing half-written; then it recovers', async () => {
    await clientCredentials().expect(200);
    const consumersBefore = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM consumers'))[0].n);
    await db.stop();
    const started = Date.now();
    const token = await clientCredentials();
    expect(token.status).toBe(503);
    expect(token.body.error).toBe('temporarily_unavailable');
    expect(token.headers['retry-after']).toBe('5');
    const proposal = await dev.post('/api/v1/consumers').send(oauth2Proposal());
    expect(proposal.status).toBe(503);
    expect(proposal.body.error).toBe('temporarily_unavailable');
    expect(Date.now() - started).toBeLessThan(15000);
    await request(t.server).get('/healthz').expect(200);
    await request(t.server).get('/readyz').expect(503);

    await db.start();
    await eventually(async () => (await clientCredentials()).status === 200);
    await request(t.server).get('/readyz').expect(200);
    // No consumer without its log entry: the failed proposal left nothing behind.
    expect(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM consumers'))[0].n)).toBe(consumersBefore);
    const orphans = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM consumers c WHERE NOT EXISTS (SELECT 1 FROM consumer_log l WHERE l.consumerId = c.id)',
    );
    expect(Number(orphans[0].n)).toBe(0);
  }, 60_000);

  it('Redis stopped: a signed request is never accepted (fails closed with 503); it recovers by itself', async () => {
    const user = await makeUser(t.app);
    const creds = await t.app
      .get(AuthorizationsService)
      .authorize(user, (await t.app.get(ConsumerLookup).findByKey(v1.consumerKey))!);
    const verify = () => {
      const header = signedHeader(
        signer(v1.consumerKey, v1.secret),
        { url: API, method: 'GET' },
        { key: creds.accessToken!, secret: creds.accessSecret! },
      );
      return request(t.server)
        .get('/auth/verify')
        .set('Authorization', header)
        .set('X-Original-URI', '/w/api.php?action=query&meta=userinfo')
        .set('X-Forwarded-Host', 'api.example.org')
        .set('X-Forwarded-Proto', 'http');
    };
    await verify().expect(200);
    await redis.stop();
    const refused = await verify();
    expect(refused.status).toBe(503);
    await request(t.server).get('/healthz').expect(200);
    await request(t.server).get('/readyz').expect(503);
    await redis.start();
    await eventually(async () => (await verify()).status === 200);
  }, 60_000);
});
