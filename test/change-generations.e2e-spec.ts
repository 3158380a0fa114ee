import request from 'supertest';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { Consumer } from '../src/consumers/consumer.entity';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { cacheLookups } from '../src/database/generation-cache';
import { generations } from '../src/database/change-generations';
import { User } from '../src/users/user.entity';
import { oauth1Proposal } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { registerClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('hot-path cache invalidation on %s', (kind) => {
  let t: TestApp;
  // The gateway describes its request in X-Original-*/X-Forwarded-*, believed only from TRUST_PROXY peers.
  beforeAll(async () => {
    t = await createTestApp(kind, { TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('bumps a kind when a transaction that wrote it commits, not before, and not on rollback', async () => {
    const user = await makeUser(t.app);
    const before = generations.users;
    let inside = -1;
    await t.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { realName: 'Changed' });
      // A concurrent reader must not cache the old row under a new counter.
      inside = generations.users;
    });
    expect(inside).toBe(before);
    expect(generations.users).toBeGreaterThan(before);

    const afterCommit = generations.users;
    await expect(
      t.dataSource.transaction(async (manager) => {
        await manager.update(User, { id: user.id }, { realName: 'Rolled back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(generations.users).toBe(afterCommit);
  });

  it('a new row changes nothing cached; an update changes its kind and what embeds it; removal cascades', async () => {
    const owner = await makeUser(t.app);
    const snapshot = () => ({ ...generations });
    const before = snapshot();
    const other = await makeUser(t.app);
    // Inserting users (and their group rows) bumps only the users, for the memberships.
    expect(generations.authorizations).toBe(before.authorizations);
    expect(generations.tokens).toBe(before.tokens);
    expect(generations.consumers).toBe(before.consumers);

    const beforeUpdate = snapshot();
    await t.dataSource.getRepository(User).update({ id: owner.id }, { realName: 'Renamed' });
    // A cached consumer carries its owner; authorizations and tokens embed no user.
    expect(generations.users).toBeGreaterThan(beforeUpdate.users);
    expect(generations.consumers).toBeGreaterThan(beforeUpdate.consumers);
    expect(generations.authorizations).toBe(beforeUpdate.authorizations);
    expect(generations.tokens).toBe(beforeUpdate.tokens);

    const beforeRemove = snapshot();
    await t.dataSource.getRepository(User).delete({ id: other.id });
    for (const kind of ['users', 'consumers', 'authorizations', 'tokens'] as const)
      expect(generations[kind]).toBeGreaterThan(beforeRemove[kind]);
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
    const misses = () => cacheLookups.get('access_tokens')!.misses + cacheLookups.get('authorizations')!.misses;
    const before = misses();
    // Somebody else authorizes another application: a new authorization row.
    await t.app
      .get(AuthorizationsService)
      .authorize(await makeUser(t.app), (await t.app.get(ConsumerLookup).findByKey(other.consumerKey))!);
    await verify();
    expect(misses()).toBe(before);
  });

  it('bumps at once for a write outside a transaction', async () => {
    const before = generations.consumers;
    await t.dataSource.getRepository(Consumer).update({ id: -1 }, { name: 'nobody' });
    expect(generations.consumers).toBeGreaterThan(before);
  });
});
