import request from 'supertest';
import { databaseKinds } from './helpers/databases';
import { csrfTokenOf } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('registration and email confirmation on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(kind); });
  afterAll(async () => { await t.close(); });

  const countUsers = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM users'))[0].n);

  async function register(fields: Record<string, string>) {
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get('/register').expect(200)).text);
    const res = await agent.post('/register').type('form').send({ _csrf, ...fields });
    return { agent, res };
  }

  it('creates an account, logs it in, and mails a confirmation link that verifies the address', async () => {
    const { agent, res } = await register({ username: 'Newcomer', email: 'new@example.org', password: 'long-enough-1', passwordConfirm: 'long-enough-1', returnTo: '/api/v1/users/me' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/api/v1/users/me');
    const me = await agent.get('/api/v1/users/me').expect(200);
    expect(me.body).toMatchObject({ username: 'Newcomer', email: 'new@example.org', emailVerified: false, groups: ['*', 'user'] });
    expect(me.body.rights).toContain('mwoauthproposeconsumer');

    const mail = t.mail.lastTo('new@example.org')!;
    const link = /http:\/\/consentry\.test(\/confirm-email\?token=\S+)/.exec(mail.text)![1];
    const page = await request(t.server).get(link).expect(200);
    expect(page.text).toContain('Your email address is confirmed.');
    expect((await agent.get('/api/v1/users/me').expect(200)).body.emailVerified).toBe(true);
    // The link may be opened again without harm.
    await request(t.server).get(link).expect(200);
  });

  it('refuses tampered, foreign and outdated confirmation links', async () => {
    const { agent } = await register({ username: 'Changer', email: 'old@example.org', password: 'long-enough-1', passwordConfirm: 'long-enough-1' });
    const link = /(\/confirm-email\?token=\S+)/.exec(t.mail.lastTo('old@example.org')!.text)![1];
    const token = link.split('=')[1];
    const [h, p, s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: '1' })).toString('base64url');
    for (const bad of [`${h}.${forgedPayload}.${s}`, 'not-a-token', `${token}x`]) {
      const res = await request(t.server).get(`/confirm-email?token=${bad}`).expect(400);
      expect(res.body.message).toBe('This confirmation link is invalid or has expired.');
    }
    await request(t.server).get('/confirm-email').expect(400);
    // Once the address changes, the old link no longer verifies anything.
    await t.dataSource.query("UPDATE users SET email = 'changed@example.org' WHERE usernameKey = 'changer'");
    await request(t.server).get(link).expect(400);
    expect((await agent.get('/api/v1/users/me').expect(200)).body.emailVerified).toBe(false);
  });

  it('shows field errors on the form and writes nothing', async () => {
    const before = await countUsers();
    const { res } = await register({ username: 'bad/name', email: 'not-an-email', password: 'short', passwordConfirm: 'short' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<strong>username</strong>');
    expect(res.text).toContain('<strong>email</strong>');
    expect(res.text).toContain('<strong>password</strong>');
    expect(res.text).toContain('value="not-an-email"'); // what was typed stays, escaped
    expect(await countUsers()).toBe(before);
  });

  it('refuses mismatched passwords', async () => {
    const before = await countUsers();
    const { res } = await register({ username: 'Mismatch', email: 'm@example.org', password: 'long-enough-1', passwordConfirm: 'long-enough-2' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The two passwords are not the same.');
    expect(await countUsers()).toBe(before);
  });

  it('treats usernames case-insensitively', async () => {
    await makeUser(t.app, { username: 'Casey' });
    const before = await countUsers();
    const { res } = await register({ username: 'CASEY', email: 'c@example.org', password: 'long-enough-1', passwordConfirm: 'long-enough-1' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('is already taken');
    expect(await countUsers()).toBe(before);
  });

  it('escapes what users type when the form is shown again', async () => {
    const { res } = await register({ username: '<script>alert(1)</script>', email: 'x@example.org', password: 'short', passwordConfirm: 'short' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;');
  });

  it('refuses forms without a CSRF token', async () => {
    const before = await countUsers();
    await request(t.server).post('/register').type('form')
      .send({ username: 'NoCsrf', email: 'n@example.org', password: 'long-enough-1', passwordConfirm: 'long-enough-1' }).expect(403);
    expect(await countUsers()).toBe(before);
  });
});

describe('registration turned off', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp('sqlite', { ALLOW_REGISTRATION: 'false' }); });
  afterAll(async () => { await t.close(); });

  it('answers 403 and hides the link', async () => {
    const res = await request(t.server).get('/register').set('Accept', 'text/html').expect(403);
    expect(res.text).toContain('Account creation is disabled on this server.');
    const login = await request(t.server).get('/login').expect(200);
    expect(login.text).not.toContain('href="/register');
  });
});
