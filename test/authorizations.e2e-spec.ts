import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { buildProgram, CliIo } from '../src/cli/program';
import { Consumer } from '../src/consumers/consumer.entity';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { AccessPolicy } from '../src/access/access-policy';
import { ConsumerStage } from '../src/access/consumer-stage';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { oauth1Proposal, oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('grants and authorizations on %s', (kind) => {
  let t: TestApp;
  let service: AuthorizationsService;
  let dev: TestAgent;
  let admin: TestAgent;
  let devUser: User;
  let alice: User & { password: string };
  let aliceAgent: TestAgent;
  let bobAgent: TestAgent;
  const consumers: Record<string, Consumer> = {};

  const reload = async (id: number) => (await t.app.get(UsersService).findById(id))!;
  /**
   * The rights a request through an approved application with `grants` gets: the access policy's
   * decision (empty when refused).
   */
  const rightsThrough = (user: User, grants: string[]) => {
    const consumer = {
      id: 1,
      consumerKey: 'k',
      name: 'App',
      ownerId: -1,
      stage: ConsumerStage.Approved,
      deleted: false,
      ownerOnly: false,
      oauthVersion: 2 as const,
      oauth2GrantTypes: [],
      restrictions: ['0.0.0.0/0'],
      wiki: '*',
      grants,
    };
    const decision = t.app.get(AccessPolicy).decide({ use: { entry: 'gateway', actions: [] }, user, consumer });
    return decision.allowed ? [...decision.rights].sort() : [];
  };
  const consumer = async (key: string) => (await t.app.get(ConsumerLookup).findByKey(key))!;

  beforeAll(async () => {
    t = await createTestApp(kind);
    service = t.app.get(AuthorizationsService);
    const owner = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    devUser = owner;
    dev = await loginAgent(t.server, owner.username, owner.password);
    const adminUser = await makeUser(t.app, { groups: ['oauthadmin'] });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    alice = await makeUser(t.app);
    aliceAgent = await loginAgent(t.server, alice.username, alice.password);
    const bob = await makeUser(t.app);
    bobAgent = await loginAgent(t.server, bob.username, bob.password);
    const approve = async (c: { consumerKey: string; etag: string }) => {
      await admin
        .post(`/api/v1/consumers/${c.consumerKey}/review`)
        .set('If-Match', c.etag)
        .send({ action: 'approve', reason: 'ok' })
        .expect(200);
      return consumer(c.consumerKey);
    };
    consumers.v1 = await approve(
      await propose(dev, oauth1Proposal({ name: 'V1 App', grants: ['editpage', 'uploadfile'] })),
    );
    consumers.v2 = await approve(
      await propose(dev, oauth2Proposal({ name: 'V2 App', grants: ['editpage', 'uploadfile', 'privateinfo'] })),
    );
    consumers.pending = await consumer((await propose(dev, oauth2Proposal({ name: 'Pending' }))).consumerKey);
    consumers.ownerOnly = await consumer(
      (await propose(dev, oauth1Proposal({ name: 'Mine', ownerOnly: true, callbackUrl: undefined }))).consumerKey,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('publishes the grant catalog with rights and plain-language descriptions', async () => {
    const res = await request(t.server).get('/api/v1/grants').expect(200);
    const byName = Object.fromEntries(res.body.grants.map((g: { name: string }) => [g.name, g]));
    expect(byName.editpage).toMatchObject({
      description: expect.any(String),
      group: 'page-interaction',
      rights: expect.arrayContaining(['edit']),
      hidden: false,
      authOnly: false,
    });
    expect(byName.basic).toMatchObject({ hidden: true, rights: expect.arrayContaining(['read']) });
    expect(byName['mwoauth-authonly']).toMatchObject({ authOnly: true, rights: [] });
    expect(res.body.legacyNames).toEqual({
      useoauth: 'basic',
      authonly: 'mwoauth-authonly',
      authonlyprivate: 'mwoauth-authonlyprivate',
    });
  });

  it("OAuth 1.0a authorizations take all the consumer's grants and issue credentials", async () => {
    const result = await service.authorize(alice, consumers.v1);
    expect(result.authorization.grants).toEqual(['basic', 'editpage', 'uploadfile']);
    expect(result.accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect(result.accessSecret).toMatch(/^[0-9a-f]{64}$/);
    expect((await service.findByAccessToken(result.accessToken!))?.userId).toBe(alice.id);
  });

  it('OAuth 2 authorizations take (irrevocable ∪ requested) ∩ consumer grants', async () => {
    expect(service.grantsFor(consumers.v2, ['uploadfile'])).toEqual(['basic', 'uploadfile']);
    expect(service.grantsFor(consumers.v2, ['delete', 'useoauth'])).toEqual(['basic']);
    expect(service.grantsFor(consumers.v2, undefined)).toEqual(['basic', 'editpage', 'uploadfile', 'privateinfo']);
    const result = await service.authorize(alice, consumers.v2, { requestedGrants: ['uploadfile', 'privateinfo'] });
    expect(result.authorization.grants).toEqual(['basic', 'uploadfile', 'privateinfo']);
    expect(result.accessSecret).toBeUndefined();
  });

  it('issues new OAuth 1.0a credentials when re-authorized', async () => {
    const first = await service.authorize(alice, consumers.v1);
    const second = await service.authorize(alice, consumers.v1);
    expect(second.authorization.id).toBe(first.authorization.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await service.findByAccessToken(first.accessToken!)).toBeNull();
  });

  /** What the consent entry point of the consumer's protocol gets from the access policy. */
  const consenting = (user: User, consumer: Consumer) => {
    const decision = t.app.get(AccessPolicy).decide({
      use: { entry: consumer.oauthVersion === 1 ? 'oauth1.authorize' : 'oauth2.authorize' },
      user,
      consumer,
    });
    return decision.allowed ? 'allowed' : decision.reason;
  };

  it.each([
    ['a proposed consumer, by someone else', 'pending', 'consumer_not_approved'],
    ['an owner-only consumer', 'ownerOnly', 'consumer_owner_only'],
  ])('the access policy refuses %s to consent', (_name, which, reason) => {
    expect(consenting(alice, consumers[which])).toBe(reason);
  });

  it('lets an owner authorize their own proposed consumer (to test it)', async () => {
    expect(consenting(devUser, consumers.pending)).toBe('allowed');
    const result = await service.authorize(devUser, consumers.pending);
    expect(result.authorization.userId).toBe(devUser.id);
  });

  it('refuses blocked users, and disabled or suppressed consumers, at consent', async () => {
    const blocked = await makeUser(t.app);
    await t.app.get(UsersService).update(blocked.id, { blocked: true });
    expect(consenting(await reload(blocked.id), consumers.v2)).toBe('user_blocked');
    expect(consenting(alice, { ...consumers.v2, stage: 4 })).toBe('consumer_not_approved');
    expect(consenting(alice, { ...consumers.v2, deleted: true })).toBe('consumer_unknown');
  });

  it("lists a user's own authorizations, without secrets, and hides them from others", async () => {
    const mine = await aliceAgent.get('/api/v1/me/authorizations').expect(200);
    expect(mine.body.map((a: { consumer: { name: string } }) => a.consumer.name).sort()).toEqual(['V1 App', 'V2 App']);
    const v2 = mine.body.find((a: { consumer: { name: string } }) => a.consumer.name === 'V2 App');
    expect(v2).toMatchObject({
      wiki: '*',
      oauthVersion: 2,
      grants: ['basic', 'uploadfile', 'privateinfo'],
      irrevocableGrants: ['basic'],
      consumer: { version: '1.0', owner: { id: devUser.id } },
    });
    expect(JSON.stringify(mine.body)).not.toMatch(/accessSecret|accessToken|secretSeed/);
    expect((await bobAgent.get('/api/v1/me/authorizations').expect(200)).body).toEqual([]);
    await bobAgent
      .patch(`/api/v1/me/authorizations/${v2.id}`)
      .send({ grants: ['basic'] })
      .expect(404);
    await bobAgent.delete(`/api/v1/me/authorizations/${v2.id}`).expect(404);
    await request(t.server).get('/api/v1/me/authorizations').expect(401);
  });

  it('narrows grants, never widens them, and keeps the irrevocable ones', async () => {
    const { authorization } = await service.authorize(alice, consumers.v2);
    const widened = await aliceAgent
      .patch(`/api/v1/me/authorizations/${authorization.id}`)
      .send({ grants: ['editpage', 'delete'] })
      .expect(400);
    expect(widened.body.error).toBe('cannot_widen');
    const narrowed = await aliceAgent
      .patch(`/api/v1/me/authorizations/${authorization.id}`)
      .send({ grants: ['editpage'] })
      .expect(200);
    expect(narrowed.body.grants).toEqual(['basic', 'editpage']);
    const again = await aliceAgent
      .patch(`/api/v1/me/authorizations/${authorization.id}`)
      .send({ grants: ['uploadfile'] })
      .expect(400);
    expect(again.body.error).toBe('cannot_widen');
  });

  it("shows a consumer's authorizations to mwoauthviewprivate holders only: token keys, no secrets", async () => {
    const res = await admin.get(`/api/v1/consumers/${consumers.v1.consumerKey}/authorizations`).expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        user: { id: alice.id, username: alice.username },
        accessToken: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/accessSecret|secretSeed/);
    await dev.get(`/api/v1/consumers/${consumers.v1.consumerKey}/authorizations`).expect(403);
    await aliceAgent.get(`/api/v1/consumers/${consumers.v1.consumerKey}/authorizations`).expect(403);
  });

  it('revokes: the authorization and its OAuth 1.0a token are gone at once', async () => {
    const { authorization, accessToken } = await service.authorize(alice, consumers.v1);
    await aliceAgent.delete(`/api/v1/me/authorizations/${authorization.id}`).expect(204);
    expect(await service.findByAccessToken(accessToken!)).toBeNull();
    const mine = await aliceAgent.get('/api/v1/me/authorizations').expect(200);
    expect(mine.body.map((a: { id: number }) => a.id)).not.toContain(authorization.id);
  });

  describe('effective rights = user rights ∩ grant rights', () => {
    it.each<[string, string[], boolean, string[], { exactly?: string[]; has?: string[]; lacks?: string[] }]>([
      ['bot + highvolume', ['bot'], false, ['highvolume'], { exactly: ['apihighlimits', 'bot', 'noratelimit'] }],
      ['plain user + highvolume', [], false, ['highvolume'], { exactly: [] }],
      [
        'plain user + basic, editpage',
        [],
        false,
        ['basic', 'editpage'],
        { has: ['read', 'edit', 'minoredit'], lacks: ['autoconfirmed', 'delete', 'bot'] },
      ],
      [
        'autoconfirmed + basic',
        ['autoconfirmed'],
        false,
        ['basic'],
        { has: ['read', 'autoconfirmed', 'editsemiprotected'], lacks: ['edit'] },
      ],
      ['plain user + delete', [], false, ['basic', 'delete'], { has: ['read'], lacks: ['delete', 'undelete'] }],
      [
        'sysop + delete',
        ['sysop'],
        false,
        ['basic', 'delete'],
        { has: ['read', 'edit', 'delete', 'undelete'], lacks: ['block', 'protect', 'userrights'] },
      ],
      ['sysop + identity only', ['sysop'], false, ['mwoauth-authonly'], { exactly: [] }],
      ['sysop + identity with private info', ['sysop'], false, ['mwoauth-authonlyprivate'], { exactly: [] }],
      ['blocked sysop + delete', ['sysop'], true, ['basic', 'delete'], { exactly: [] }],
      ['user + privateinfo', [], false, ['privateinfo'], { exactly: ['viewmyprivateinfo'] }],
    ])('%s', async (_name, groups, blocked, grants, expected) => {
      const user = await makeUser(t.app, { groups });
      if (blocked) await t.app.get(UsersService).update(user.id, { blocked: true });
      const rights = rightsThrough(await reload(user.id), grants);
      if (expected.exactly) expect(rights).toEqual(expected.exactly);
      for (const right of expected.has ?? []) expect(rights).toContain(right);
      for (const right of expected.lacks ?? []) expect(rights).not.toContain(right);
    });
  });

  it('user:delete removes the user, their authorizations, their consumers and all authorizations of them', async () => {
    const doomed = await makeUser(t.app, { email: 'doomed@example.org', emailVerified: true });
    const doomedAgent = await loginAgent(t.server, doomed.username, doomed.password);
    const theirs = await propose(
      doomedAgent,
      oauth1Proposal({ name: 'Doomed App', ownerOnly: true, callbackUrl: undefined }),
    );
    const shared = await propose(doomedAgent, oauth2Proposal({ name: 'Doomed Shared' }));
    await admin
      .post(`/api/v1/consumers/${shared.consumerKey}/review`)
      .set('If-Match', shared.etag)
      .send({ action: 'approve', reason: 'ok' })
      .expect(200);
    await service.authorize(alice, await consumer(shared.consumerKey));
    await service.authorize(await reload(doomed.id), consumers.v2);
    const out: string[] = [];
    const io: CliIo = {
      open: async () => ({ context: t.app, close: async () => undefined }),
      out: (line) => out.push(line),
    };
    const run = (...args: string[]) =>
      buildProgram(io)
        .configureOutput({ writeErr: () => undefined })
        .parseAsync(['node', 'cli', ...args]);
    await expect(run('user:delete', '--username', doomed.username)).rejects.toThrow('--yes');
    await run('user:delete', '--username', doomed.username, '--yes');
    expect(out[0]).toBe(`Deleted user ${doomed.username} (id ${doomed.id}), 2 consumer(s) and their authorizations`);
    const left = (sql: string, args: unknown[]) =>
      t.dataSource.query(sql, args).then((rows: { n: number }[]) => Number(rows[0].n));
    expect(await left('SELECT COUNT(*) AS n FROM users WHERE id = ?', [doomed.id])).toBe(0);
    expect(await left('SELECT COUNT(*) AS n FROM consumers WHERE ownerId = ?', [doomed.id])).toBe(0);
    expect(await left('SELECT COUNT(*) AS n FROM authorizations WHERE userId = ?', [doomed.id])).toBe(0);
    expect(
      await left(
        'SELECT COUNT(*) AS n FROM authorizations ' +
          'WHERE consumerId IN (SELECT id FROM consumers WHERE consumerKey IN (?, ?))',
        [theirs.consumerKey, shared.consumerKey],
      ),
    ).toBe(0);
    await doomedAgent.get('/api/v1/users/me').expect(401);
    expect(
      (await aliceAgent.get('/api/v1/me/authorizations').expect(200)).body.map(
        (a: { consumer: { name: string } }) => a.consumer.name,
      ),
    ).not.toContain('Doomed Shared');
  });
});
