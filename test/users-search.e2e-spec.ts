import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { UserSearch } from '../src/user-admin/user-search.service';
import { UsersService } from '../src/users/users.service';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** `GET /api/v1/users`: search, filters, sort and pages, for holders of userrights (docs/administration.md). */
describe.each(databaseKinds())('user search API on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let plain: TestAgent;

  beforeAll(async () => {
    t = await createTestApp(kind, { ADMIN_USERNAME: 'Root', ADMIN_PASSWORD: 'root-password-1' });
    admin = await loginAgent(t.server, 'Root', 'root-password-1');
    const users = t.app.get(UsersService);
    const seed: [string, string | undefined, boolean][] = [
      ['Alice', 'alice@Example.ORG', true],
      ['ALBERT', 'albert@other.test', false],
      ['Bob_Smith', 'bob@example.org', true],
      ['BobXSmith', 'bobx@example.org', true],
      ['Percent', 'per%cent@example.org', true],
      ['Back', 'back\\slash@example.org', true],
      ['Bang', 'bang!x@example.org', true],
      ['Nomail', undefined, false],
    ];
    for (const [username, email, emailVerified] of seed) {
      await makeUser(t.app, { username, email, emailVerified, groups: username === 'Alice' ? ['bot'] : [] });
    }
    const bob = await users.findByUsername('Bob_Smith');
    await users.update(bob!.id, { blocked: true });
    const albert = await users.findByUsername('ALBERT');
    await users.update(albert!.id, { locked: true });
    const someone = await makeUser(t.app, { username: 'Someone' });
    plain = await loginAgent(t.server, someone.username, someone.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const names = async (query: Record<string, string | number>) => {
    const res = await admin.get('/api/v1/users').query(query).expect(200);
    return (res.body.items as { username: string }[]).map((u) => u.username);
  };

  it('finds a substring of the username in any case', async () => {
    expect(await names({ q: 'AL' })).toEqual(['ALBERT', 'Alice']);
    expect(await names({ q: 'lic' })).toEqual(['Alice']);
    expect(await names({ q: 'sMiTh' })).toEqual(['Bob_Smith', 'BobXSmith']);
  });

  it('finds a substring of the email address in any case', async () => {
    expect(await names({ q: 'OTHER.TEST' })).toEqual(['ALBERT']);
    expect(await names({ q: 'example.org' })).toEqual(['Alice', 'Back', 'Bang', 'Bob_Smith', 'BobXSmith', 'Percent']);
  });

  it('treats %, _, \\ and ! as themselves, not as wildcards', async () => {
    expect(await names({ q: '%' })).toEqual(['Percent']);
    expect(await names({ q: 'b_s' })).toEqual(['Bob_Smith']);
    expect(await names({ q: '\\' })).toEqual(['Back']);
    expect(await names({ q: '!' })).toEqual(['Bang']);
    expect(await names({ q: '%%' })).toEqual([]);
  });

  it('filters by group, blocked, locked and unconfirmed, and they combine', async () => {
    expect(await names({ group: 'bot' })).toEqual(['Alice']);
    expect(await names({ group: 'sysop' })).toEqual(['Root']);
    expect(await names({ blocked: 'true' })).toEqual(['Bob_Smith']);
    expect(await names({ locked: 'true' })).toEqual(['ALBERT']);
    expect(await names({ unconfirmed: 'true', q: 'o' })).toEqual(['ALBERT', 'Nomail', 'Root', 'Someone']);
    expect(await names({ unconfirmed: 'false', q: 'bo' })).toEqual(['Bob_Smith', 'BobXSmith']);
    expect(await names({ blocked: 'false', q: 'bob' })).toEqual(['BobXSmith']);
    // An implicit group is everyone's.
    expect((await admin.get('/api/v1/users').query({ group: 'user' }).expect(200)).body.total).toBe(10);
  });

  it('sorts by a whitelisted field, either way', async () => {
    expect(await names({ q: 'bo', sort: '-username' })).toEqual(['BobXSmith', 'Bob_Smith']);
    const byTime = await names({ sort: 'registeredAt' });
    expect(byTime[0]).toBe('Root');
    expect(await names({ sort: '-registeredAt' })).toEqual([...byTime].reverse());
  });

  it('pages with limit and offset and gives the total', async () => {
    const all = await names({ limit: 100 });
    expect(all).toHaveLength(10);
    const page = await admin.get('/api/v1/users').query({ limit: 3, offset: 3 }).expect(200);
    expect(page.body).toMatchObject({ total: 10, limit: 3, offset: 3 });
    expect(page.body.items.map((u: { username: string }) => u.username)).toEqual(all.slice(3, 6));
    const past = await admin.get('/api/v1/users').query({ offset: 50 }).expect(200);
    expect(past.body).toMatchObject({ items: [], total: 10, limit: 50 });
  });

  it('shows email addresses to holders of userrights through a session', async () => {
    const res = await admin.get('/api/v1/users').query({ q: 'alice' }).expect(200);
    expect(res.body.items[0]).toMatchObject({
      username: 'Alice',
      email: 'alice@Example.ORG',
      groups: ['*', 'user', 'bot'],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|argon/i);
  });

  it('neither shows nor searches email addresses for a token whose grants lack viewmyprivateinfo', async () => {
    const search = t.app.get(UserSearch);
    const token = { rights: new Set(['userrights']), grants: ['basic', 'editpage'] };
    expect((await search.search({ q: 'other.test' }, token)).items).toEqual([]);
    const [alice] = (await search.search({ q: 'alice' }, token)).items;
    expect(alice.username).toBe('Alice');
    expect(alice).not.toHaveProperty('email');
    expect(alice).not.toHaveProperty('realName');
    const privateInfo = { rights: new Set(['userrights']), grants: ['basic', 'privateinfo'] };
    expect((await search.search({ q: 'other.test' }, privateInfo)).items.map((u) => u.email)).toEqual([
      'albert@other.test',
    ]);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ offset: -1 }, 'offset'],
    [{ offset: 100001 }, 'offset'],
    [{ sort: 'email' }, 'sort'],
    [{ sort: 'passwordHash' }, 'sort'],
    [{ blocked: 'maybe' }, 'blocked'],
    [{ q: 'x'.repeat(101) }, 'q'],
    [{ q: 'a\u0000b' }, 'q'],
    [{ group: 'no such group!' }, 'group'],
    [{ group: 'wizard' }, 'group'],
    [{ extra: '1' }, 'extra'],
  ])('refuses %p with a 400 naming %s', async (query, field) => {
    const res = await admin.get('/api/v1/users').query(query).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('folds the case of non-ASCII letters in email addresses too, on every database', async () => {
    // The username key is folded in code; the address by the database's LOWER(), Unicode on SQLite too.
    await makeUser(t.app, { username: 'Grumpy', email: 'Ärger.Öl@bücher.test', emailVerified: true });
    expect(await names({ q: 'ärger.öl' })).toEqual(['Grumpy']);
    expect(await names({ q: 'ÄRGER.ÖL@BÜCHER' })).toEqual(['Grumpy']);
    // The SQLite replacement keeps what the built-in did with NULL and numbers.
    const [row] = await t.dataSource.query("SELECT LOWER(NULL) AS n, LOWER('ÄRGER') AS a, LOWER(12) AS i");
    expect(row).toEqual({ n: null, a: 'ärger', i: '12' });
  });

  it('refuses a repeated parameter', async () => {
    const res = await admin.get('/api/v1/users?q=a&q=b').expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('q');
  });

  it('answers 401 without a session and 403 without userrights', async () => {
    await request(t.server).get('/api/v1/users').expect(401);
    const res = await plain.get('/api/v1/users').query({ q: 'alice' }).expect(403);
    expect(res.body).toEqual({ error: 'forbidden', message: 'This requires the right: userrights.' });
  });
});
