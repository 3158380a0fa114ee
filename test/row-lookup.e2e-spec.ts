import { Authorization } from '../src/authorizations/authorization.entity';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { Consumer } from '../src/consumers/consumer.entity';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { rowLookup } from '../src/database/row-lookup';
import { OAuth2Token } from '../src/tokens/oauth2-token.entity';
import { User } from '../src/users/user.entity';
import { oauth1Proposal } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { registerClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** rowLookup must read exactly what TypeORM's findOne reads: same values, same types, on both databases. */
describe.each(databaseKinds())('rowLookup on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // Two groups, so that a user read with its memberships spans several rows of the join.
    const dev = await makeUser(t.app, { email: 'rows@example.org', emailVerified: true, groups: ['sysop', 'bot'] });
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const devAgent = await loginAgent(t.server, dev.username, dev.password);
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    // An owner-only OAuth 2 consumer comes with a token row; an OAuth 1.0a one gets an authorization.
    await registerClient(devAgent, adminAgent, { callbackUrl: undefined, ownerOnly: true });
    const v1 = await registerClient(devAgent, adminAgent, oauth1Proposal());
    await t.app
      .get(AuthorizationsService)
      .authorize(await makeUser(t.app), (await t.app.get(ConsumerLookup).findByKey(v1.consumerKey))!);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const everything = <T>(target: new () => T) =>
    Object.fromEntries(t.dataSource.getMetadata(target).columns.map((c) => [c.propertyName, true]));

  it('an authorization by id, secret seed included, equals findOne with every column', async () => {
    const [{ id }] = await t.dataSource.getRepository(Authorization).find({ order: { id: 'DESC' }, take: 1 });
    const expected = await t.dataSource
      .getRepository(Authorization)
      .findOne({ where: { id }, select: everything(Authorization) });
    const found = await rowLookup(t.dataSource, Authorization, ['id'], { hidden: true })(id);
    expect(found).toBeInstanceOf(Authorization);
    expect(found).toEqual(expected);
    expect(found!.accessSecretSeed).toMatch(/\S/);
    expect(found!.acceptedAt).toBeInstanceOf(Date);
    expect(Array.isArray(found!.grants)).toBe(true);
  });

  it('a token row by two keys equals findOneBy; without `hidden` no select:false column is read', async () => {
    const [row] = await t.dataSource.getRepository(OAuth2Token).find({ where: { kind: 'access' }, take: 1 });
    const found = await rowLookup(t.dataSource, OAuth2Token, ['tokenHash', 'kind'])(row.tokenHash, 'access');
    expect(found).toEqual(
      await t.dataSource.getRepository(OAuth2Token).findOneBy({ tokenHash: row.tokenHash, kind: 'access' }),
    );
    expect(found!.expiresAt).toBeInstanceOf(Date);
    const plain = await rowLookup(t.dataSource, Authorization, ['id'])(
      (await t.dataSource.getRepository(Authorization).find({ take: 1 }))[0].id,
    );
    expect(plain!.accessSecretSeed).toBeUndefined();
    expect(plain!.userId).toEqual(expect.any(Number));
  });

  /** TypeORM gives to-many children in no set order; rowLookup gives them in key order. */
  const byGroup = <T extends { memberships?: Array<{ groupName: string }> } | null | undefined>(user: T): T => {
    user?.memberships?.sort((a, b) => a.groupName.localeCompare(b.groupName));
    return user;
  };

  it('a consumer with its owner equals findOne with the same relation', async () => {
    const [{ consumerKey }] = await t.dataSource.getRepository(Consumer).find({ take: 1 });
    const found = await rowLookup(t.dataSource, Consumer, ['consumerKey'], { relations: { owner: true } })(consumerKey);
    expect(found).toEqual(
      await t.dataSource.getRepository(Consumer).findOne({ where: { consumerKey }, relations: { owner: true } }),
    );
    expect(found!.owner).toBeInstanceOf(User);
    expect(found!.owner!.passwordHash).toBeUndefined();
    expect((found as Consumer & { secretSeed?: string }).secretSeed).toBeUndefined();
  });

  it('a user with several memberships (a to-many join) equals findOne, groups in key order', async () => {
    const owner = (await t.dataSource.getRepository(Consumer).find({ take: 1 }))[0].ownerId;
    const found = await rowLookup(t.dataSource, User, ['id'], { relations: { memberships: true } })(owner);
    expect(found!.memberships!.map((m) => m.groupName)).toEqual(['bot', 'sysop']);
    expect(found).toEqual(
      byGroup(
        await t.dataSource.getRepository(User).findOne({ where: { id: owner }, relations: { memberships: true } }),
      ),
    );
    const none = await makeUser(t.app);
    expect(
      (await rowLookup(t.dataSource, User, ['id'], { relations: { memberships: true } })(none.id))!.memberships,
    ).toEqual([]);
  });

  it('a token with its client, authorization and user (nested joins) equals findOne with those relations', async () => {
    const relations = { consumer: { owner: true }, authorization: { user: { memberships: true } } } as const;
    const [row] = await t.dataSource.getRepository(OAuth2Token).find({ where: { kind: 'access' }, take: 1 });
    const found = await rowLookup(t.dataSource, OAuth2Token, ['tokenHash', 'kind'], { relations })(
      row.tokenHash,
      'access',
    );
    const expected = await t.dataSource.getRepository(OAuth2Token).findOne({ where: { id: row.id }, relations });
    byGroup(expected!.authorization!.user);
    expect(found).toEqual(expected);
    expect(found!.authorization!.user!.memberships!.length).toBe(2);
    expect(found!.authorization!.accessSecretSeed).toBeUndefined();
  });

  it('a relation that finds nothing is null, as with findOne (an app-only token has no authorization)', async () => {
    const repo = t.dataSource.getRepository(OAuth2Token);
    const [row] = await repo.find({ where: { kind: 'access' }, take: 1 });
    const appOnly = await repo.save(
      repo.create({ ...row, id: undefined, tokenHash: 'a'.repeat(64), authorizationId: null, userId: null }),
    );
    const relations = { consumer: true, authorization: { user: { memberships: true } } } as const;
    const found = await rowLookup(t.dataSource, OAuth2Token, ['tokenHash', 'kind'], { relations })(
      appOnly.tokenHash,
      'access',
    );
    expect(found!.authorization).toBeNull();
    expect(found).toEqual(await repo.findOne({ where: { id: appOnly.id }, relations }));
  });

  it('`select` reads those columns and the key only', async () => {
    const [{ id }] = await t.dataSource.getRepository(Consumer).find({ take: 1 });
    const found = await rowLookup(t.dataSource, Consumer, ['id'], { select: ['secretSeed'] })(id);
    expect(
      Object.entries(found!)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['id', 'secretSeed']);
    expect(found!.secretSeed).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an unknown relation when built', () => {
    expect(() => rowLookup(t.dataSource, User, ['id'], { relations: { nonsense: true } })).toThrow(
      /no relation nonsense/,
    );
  });

  it('an authorization by its three-column unique key equals findOneBy', async () => {
    const [{ userId, consumerId, wiki }] = await t.dataSource.getRepository(Authorization).find({ take: 1 });
    const found = await t.app.get(AuthorizationsService).findFor(userId, consumerId, wiki);
    expect(found).toEqual(await t.dataSource.getRepository(Authorization).findOneBy({ userId, consumerId, wiki }));
    expect(await t.app.get(AuthorizationsService).findFor(userId, consumerId, 'otherwiki')).toBeNull();
  });

  it('no row: null', async () => {
    expect(await rowLookup(t.dataSource, OAuth2Token, ['tokenHash', 'kind'])('0'.repeat(64), 'access')).toBeNull();
  });
});
