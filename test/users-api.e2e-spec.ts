import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('users API on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let plain: TestAgent;
  let plainId: number;

  beforeAll(async () => {
    t = await createTestApp(kind, { ADMIN_USERNAME: 'Root', ADMIN_PASSWORD: 'root-password-1' });
    admin = await loginAgent(t.server, 'Root', 'root-password-1');
    const user = await makeUser(t.app, { email: 'plain@example.org' });
    plainId = user.id;
    plain = await loginAgent(t.server, user.username, user.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const countUsers = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM users'))[0].n);

  it('bootstraps ADMIN_USERNAME in sysop, oauthadmin and suppress', async () => {
    const me = await admin.get('/api/v1/users/me').expect(200);
    expect(me.body.groups).toEqual(['*', 'user', 'oauthadmin', 'suppress', 'sysop']);
    expect(me.body.rights).toEqual(
      expect.arrayContaining(['userrights', 'mwoauthmanageconsumer', 'mwoauthsuppress', 'mwoauthviewsuppressed']),
    );
  });

  it('returns the caller from /me with no secrets', async () => {
    const me = await plain.get('/api/v1/users/me').expect(200);
    expect(me.body).toEqual({
      id: plainId,
      username: expect.any(String),
      email: 'plain@example.org',
      emailVerified: false,
      realName: '',
      registeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      blocked: false,
      locked: false,
      groups: ['*', 'user'],
      rights: expect.arrayContaining(['read', 'edit', 'mwoauthmanagemygrants']),
    });
    expect(JSON.stringify(me.body)).not.toMatch(/password|argon/i);
  });

  describe.each([
    ['GET', () => `/api/v1/users/${plainId}`, undefined],
    ['POST', () => '/api/v1/users', { username: 'Someone', password: 'long-enough-1' }],
    ['PATCH', () => `/api/v1/users/${plainId}`, { blocked: true }],
  ])('%s (needs userrights)', (method, path, body) => {
    const send = (agent: TestAgent) => {
      const req = method === 'GET' ? agent.get(path()) : method === 'POST' ? agent.post(path()) : agent.patch(path());
      return body ? req.send(body) : req;
    };

    it('answers 401 without a session', async () => {
      const res = await send(request(t.server)).expect(401);
      expect(res.body).toEqual({ error: 'unauthorized', message: 'Authentication is required.' });
    });

    it('answers 403 to a user without the right, and changes nothing', async () => {
      const before = await countUsers();
      const res = await send(plain).expect(403);
      expect(res.body).toEqual({ error: 'forbidden', message: 'This requires the right: userrights.' });
      expect(await countUsers()).toBe(before);
      expect((await plain.get('/api/v1/users/me')).body.blocked).toBe(false);
    });
  });

  it('lets an admin create a user who can then log in', async () => {
    const res = await admin
      .post('/api/v1/users')
      .send({
        username: 'Created',
        password: 'created-pass-1',
        email: 'c@example.org',
        groups: ['bot'],
        emailVerified: true,
      })
      .expect(201);
    expect(res.body).toMatchObject({ username: 'Created', groups: ['*', 'user', 'bot'], emailVerified: true });
    expect(res.body.rights).toContain('bot');
    const agent = await loginAgent(t.server, 'created', 'created-pass-1');
    expect((await agent.get('/api/v1/users/me').expect(200)).body.id).toBe(res.body.id);
    expect((await admin.get(`/api/v1/users/${res.body.id}`).expect(200)).body.username).toBe('Created');
  });

  it.each([
    [{ username: 'x', password: 'long-enough-1', extra: true }, ['extra']],
    [{ username: 'a/b', password: 'long-enough-1' }, ['username']],
    [{ username: 'ok', password: 'short' }, ['password']],
    [{ username: 'ok', password: 'long-enough-1', email: 'nope' }, ['email']],
    [{ username: 'ok', password: 'long-enough-1', groups: 'sysop' }, ['groups']],
    [{ username: 'ok', password: 'long-enough-1', groups: ['sysop', 42] }, ['groups']],
    [{ username: 'x'.repeat(100), password: 'p'.repeat(2000) }, ['username', 'password']],
    [{ username: 12, password: true }, ['username', 'password']],
    [{}, ['username', 'password']],
  ])('refuses the invalid body %p naming %p, writing nothing', async (body, fields) => {
    const before = await countUsers();
    const res = await admin.post('/api/v1/users').send(body).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect([...new Set(res.body.details.map((d: { field: string }) => d.field))].sort()).toEqual([...fields].sort());
    expect(await countUsers()).toBe(before);
  });

  it('refuses unknown and implicit groups, writing nothing', async () => {
    const before = await countUsers();
    for (const groups of [['wizard'], ['user'], ['*']]) {
      const res = await admin
        .post('/api/v1/users')
        .send({ username: 'Grouped', password: 'long-enough-1', groups })
        .expect(400);
      expect(res.body.details[0]).toEqual({
        field: 'groups',
        message: expect.stringContaining('not an assignable group'),
      });
    }
    expect(await countUsers()).toBe(before);
  });

  it('refuses a duplicate username with 409, whatever its case', async () => {
    const res = await admin.post('/api/v1/users').send({ username: 'ROOT', password: 'long-enough-1' }).expect(409);
    expect(res.body).toEqual({
      error: 'conflict',
      message: 'That username is already taken.',
      details: [{ field: 'username', message: 'is already taken' }],
    });
  });

  // More cases, on every path that creates a user, in usernames.e2e-spec.ts.
  it('refuses a look-alike of an existing name with 409 naming it, and hidden characters with 400', async () => {
    const before = await countUsers();
    const lookAlike = await admin
      .post('/api/v1/users')
      .send({ username: 'R\u043e\u043et', password: 'long-enough-1' })
      .expect(409);
    expect(lookAlike.body).toEqual({
      error: 'username_confusable',
      message: 'The username "R\u043e\u043et" is too similar to the existing account "Root".',
      details: [
        {
          field: 'username',
          message: 'is too similar to the existing account "Root"',
          code: 'antispoof-name-conflict',
        },
      ],
    });
    const hidden = await admin
      .post('/api/v1/users')
      .send({ username: 'Ro\u200bot', password: 'long-enough-1' })
      .expect(400);
    expect(hidden.body).toEqual({
      error: 'invalid_request',
      message: 'Invalid username: contains U+200B, an invisible or formatting character.',
      details: [
        {
          field: 'username',
          message: 'contains U+200B, an invisible or formatting character',
          code: 'antispoof-blacklisted',
        },
      ],
    });
    expect(await countUsers()).toBe(before);
  });

  it.each([
    ['{bad json', 'application/json', 400],
    ['[1,2]', 'application/json', 400],
    ['"a string"', 'application/json', 400],
    ['username=x&password=y', 'text/plain', 400],
    ['<user/>', 'application/xml', 415],
  ])('refuses the malformed body %p (%s) with %p and no stack trace', async (raw, type, status) => {
    const before = await countUsers();
    const res = await admin.post('/api/v1/users').set('Content-Type', type).send(raw).expect(status);
    expect(Object.keys(res.body).sort()).toEqual(expect.arrayContaining(['error', 'message']));
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts)|node_modules/);
    expect(await countUsers()).toBe(before);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await admin
      .post('/api/v1/users')
      .send({ username: 'big', password: 'x'.repeat(300 * 1024) })
      .expect(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it.each([['abc'], ['0'], ['-1'], ['1.5'], ['99999999999']])('refuses the user id %s with 400', async (id) => {
    const res = await admin.get(`/api/v1/users/${id}`).expect(400);
    expect(res.body.details).toEqual([{ field: 'id', message: 'must be a positive integer' }]);
  });

  it('answers 404 for a user that does not exist', async () => {
    await admin.get('/api/v1/users/999999').expect(404);
    await admin.patch('/api/v1/users/999999').send({ blocked: true }).expect(404);
  });

  it('changes groups; a blocked user keeps only the rights of everyone, and no session', async () => {
    const user = await makeUser(t.app);
    const agent = await loginAgent(t.server, user.username, user.password);
    const promoted = await admin
      .patch(`/api/v1/users/${user.id}`)
      .send({ groups: ['oauthadmin'] })
      .expect(200);
    expect(promoted.body.rights).toContain('mwoauthmanageconsumer');
    const blocked = await admin.patch(`/api/v1/users/${user.id}`).send({ blocked: true }).expect(200);
    expect(blocked.body.blocked).toBe(true);
    expect(blocked.body.rights).not.toContain('mwoauthmanageconsumer');
    expect(blocked.body.rights).not.toContain('mwoauthproposeconsumer');
    expect(blocked.body.rights).toContain('read');
    // A block ends the user's sessions (docs/security.md, Reason codes: user_blocked).
    await agent.get('/api/v1/users/me').expect(401);
  });

  it('ends every session of a user when it is locked', async () => {
    const user = await makeUser(t.app);
    const first = await loginAgent(t.server, user.username, user.password);
    const second = await loginAgent(t.server, user.username, user.password);
    await admin.patch(`/api/v1/users/${user.id}`).send({ locked: true }).expect(200);
    await first.get('/api/v1/users/me').expect(401);
    await second.get('/api/v1/users/me').expect(401);
  });

  it('refuses cookie-authenticated writes coming from another site', async () => {
    const res = await admin
      .patch(`/api/v1/users/${plainId}`)
      .set('Origin', 'https://evil.example')
      .send({ blocked: true })
      .expect(403);
    expect(res.body.message).toContain('Cross-site');
    await admin
      .patch(`/api/v1/users/${plainId}`)
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ blocked: true })
      .expect(403);
    expect((await plain.get('/api/v1/users/me')).body.blocked).toBe(false);
    await admin
      .patch(`/api/v1/users/${plainId}`)
      .set('Origin', 'http://consentry.test')
      .send({ emailVerified: true })
      .expect(200);
  });
});
