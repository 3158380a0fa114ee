import { Authorization } from '../src/authorizations/authorization.entity';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { rowLookup } from '../src/database/row-lookup';
import { OAuth2Token } from '../src/oauth2/tokens/oauth2-token.entity';
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
    const dev = await makeUser(t.app, { email: 'rows@example.org', emailVerified: true });
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const devAgent = await loginAgent(t.server, dev.username, dev.password);
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    // An owner-only OAuth 2 consumer comes with a token row; an OAuth 1.0a one gets an authorization.
    await registerClient(devAgent, adminAgent, { callbackUrl: undefined, ownerOnly: true });
    const v1 = await registerClient(devAgent, adminAgent, oauth1Proposal());
    await t.app.get(AuthorizationsService).authorize(await makeUser(t.app), (await t.app.get(ConsumerLookup).findByKey(v1.consumerKey))!);
  }, 60_000);
  afterAll(async () => { await t.close(); });

  const everything = <T>(target: new () => T) => Object.fromEntries(t.dataSource.getMetadata(target).columns.map((c) => [c.propertyName, true]));

  it('an authorization by id, secret seed included, equals findOne with every column', async () => {
    const [{ id }] = await t.dataSource.getRepository(Authorization).find({ order: { id: 'DESC' }, take: 1 });
    const expected = await t.dataSource.getRepository(Authorization).findOne({ where: { id }, select: everything(Authorization) });
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
    expect(found).toEqual(await t.dataSource.getRepository(OAuth2Token).findOneBy({ tokenHash: row.tokenHash, kind: 'access' }));
    expect(found!.expiresAt).toBeInstanceOf(Date);
    const plain = await rowLookup(t.dataSource, Authorization, ['id'])((await t.dataSource.getRepository(Authorization).find({ take: 1 }))[0].id);
    expect(plain!.accessSecretSeed).toBeUndefined();
    expect(plain!.userId).toEqual(expect.any(Number));
  });

  it('no row: null', async () => {
    expect(await rowLookup(t.dataSource, OAuth2Token, ['tokenHash', 'kind'])('0'.repeat(64), 'access')).toBeNull();
  });
});
