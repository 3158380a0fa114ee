import Redis from 'ioredis';
import request from 'supertest';
import { csrfTokenOf, setCookies } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) process.stderr.write('redis-key-prefix: needs TEST_REDIS_URL (as .ci/run sets); skipped here.\n');

/** REDIS_KEY_PREFIX (docs/configuration.md): two deployments on one Redis share nothing. */
(redisUrl ? describe : describe.skip)('REDIS_KEY_PREFIX', () => {
  let staging: TestApp;
  let production: TestApp;
  let stagingAgain: TestApp;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(redisUrl!);
    staging = await createTestApp('sqlite', { REDIS_URL: redisUrl!, REDIS_KEY_PREFIX: 'prefix-staging:' });
    const database = staging.database.url;
    // The same database seen by another deployment, and by a second instance of the first.
    production = await createTestApp('sqlite', {
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: 'prefix-production:',
      DATABASE_URL: database,
      MIGRATIONS_RUN: 'false',
    });
    stagingAgain = await createTestApp('sqlite', {
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: 'prefix-staging:',
      DATABASE_URL: database,
      MIGRATIONS_RUN: 'false',
    });
  }, 60_000);
  afterAll(async () => {
    await stagingAgain?.close();
    await production?.close();
    await staging?.close();
    const keys = await redis.keys('prefix-*');
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("keeps one deployment's sessions from another's, and shares them between instances of one", async () => {
    const user = await makeUser(staging.app);
    const page = await request(staging.server).get('/login').expect(200);
    const csrfCookies = setCookies(page).map((c) => c.split(';')[0]);
    const login = await request(staging.server)
      .post('/login')
      .set('Cookie', csrfCookies.join('; '))
      .type('form')
      .send({ _csrf: csrfTokenOf(page.text), username: user.username, password: user.password })
      .expect(303);
    const cookie = setCookies(login)
      .map((c) => c.split(';')[0])
      .join('; ');
    await request(staging.server).get('/api/v1/users/me').set('Cookie', cookie).expect(200);
    await request(production.server).get('/api/v1/users/me').set('Cookie', cookie).expect(401);
    await request(stagingAgain.server).get('/api/v1/users/me').set('Cookie', cookie).expect(200);
    // Every key the login wrote is under the deployment's prefix.
    expect((await redis.keys('prefix-staging:*')).length).toBeGreaterThan(0);
    expect(await redis.keys('prefix-production:*')).toEqual([]);
  });
});
