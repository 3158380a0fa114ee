import request from 'supertest';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { Consumer } from '../src/consumers/consumer.entity';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { HotCaches } from '../src/database/cache/hot-caches.service';
import { User } from '../src/users/user.entity';
import { oauth1Proposal } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { registerClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** The hot caches of the application, by name (the names /metrics shows). */
const CACHES = ['users', 'consumers', 'consumer_secrets', 'authorizations', 'authorizations_by_token', 'access_tokens'];
type Versions = Record<string, number>;

describe.each(databaseKinds())('hot-path cache invalidation on %s', (kind) => {
  let t: TestApp;
  const versions = (): Versions => Object.fromEntries(CACHES.map((name) => [name, t.app.get(HotCaches).version(name)]));
  const changed = (before: Versions) => CACHES.filter((name) => versions()[name] !== before[name]).sort();
  // The gateway describes its request in X-Original-*/X-Forwarded-*, believed only from TRUST_PROXY peers.
  beforeAll(async () => {
    t = await createTestApp(kind, { TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('drops what a transaction wrote when it commits, not before, and not on rollback', async () => {
    const user = await makeUser(t.app);
    const before = versions();
    let inside: string[] = ['not run'];
    await t.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { realName: 'Changed' });
      // A concurrent reader must not cache the old row under a new version.
      inside = changed(before);
    });
    expect(inside).toEqual([]);
    expect(changed(before)).toContain('users');

    const afterCommit = versions();
    await expect(
      t.dataSource.transaction(async (manager) => {
        await manager.update(User, { id: user.id }, { realName: 'Rolled back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(changed(afterCommit)).toEqual([]);
  });

  it('a new row drops nothing; an update drops the caches that read its table; removal cascades', async () => {
    const owner = await makeUser(t.app);
    const before = versions();
    await makeUser(t.app);
    expect(changed(before)).toEqual([]);
    // New group rows: what joins a user's memberships (a list, which a new row changes).
    const beforeGroups = versions();
    const other = await makeUser(t.app, { groups: ['oauthadmin'] });
    expect(changed(beforeGroups)).toEqual(['access_tokens', 'authorizations_by_token', 'users']);

    const beforeUpdate = versions();
    await t.dataSource.getRepository(User).update({ id: owner.id }, { realName: 'Renamed' });
    // Each cache that joins users: a consumer carries its owner, a token and an authorization by
    // token key carry the user. An authorization by id and a derived secret read no user.
    expect(changed(beforeUpdate)).toEqual(['access_tokens', 'authorizations_by_token', 'consumers', 'users']);

    const beforeRemove = versions();
    await t.dataSource.getRepository(User).delete({ id: other.id });
    // The database deletes the user's authorizations (and their tokens) with it (ON DELETE CASCADE).
    expect(changed(beforeRemove)).toEqual([
      'access_tokens',
      'authorizations',
      'authorizations_by_token',
      'consumers',
      'users',
    ]);
  });

  it("a new consent elsewhere leaves a gateway's cached token warm (a verify after it is a cache hit)", async () => {
    const devUser = await makeUser(t.app, { email: 'gen-dev@example.org', emailVerified: true });
    const dev = await loginAgent(t.server, devUser.username, devUser.password);
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    const mine = await registerClient(dev, adminAgent, { callbackUrl: undefined, ownerOnly: true });
    const other = await registerClient(dev, adminAgent, oauth1Proposal());
    const verify = () =>
      request(t.server)
        .get('/auth/verify')
        .set('Authorization', `Bearer ${mine.accessToken}`)
        .set('X-Original-URI', '/w/api.php?action=query')
        .set('X-Forwarded-Host', 'api.example.org')
        .set('X-Forwarded-Proto', 'http')
        .expect(200);
    await verify();
    const stats = t.app.get(HotCaches).stats();
    const misses = () => stats.get('access_tokens')!.misses + stats.get('authorizations')!.misses;
    const before = misses();
    // Somebody else authorizes another application: a new authorization row.
    await t.app
      .get(AuthorizationsService)
      .authorize(await makeUser(t.app), (await t.app.get(ConsumerLookup).findByKey(other.consumerKey))!);
    await verify();
    expect(misses()).toBe(before);
  });

  it('drops at once for a write outside a transaction', async () => {
    const before = versions();
    await t.dataSource.getRepository(Consumer).update({ id: -1 }, { name: 'nobody' });
    expect(changed(before)).toEqual(['access_tokens', 'consumer_secrets', 'consumers']);
  });
});
