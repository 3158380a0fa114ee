import request from 'supertest';
import { SESSION_COOKIE } from '../src/auth/session-cookie';
import { backends } from './helpers/backends';
import { csrfTokenOf, loginAgent, setCookies } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(backends())('login on %s', (_label, kind, env) => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(kind, { ...env, LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '50' }); });
  afterAll(async () => { await t.close(); });

  const formFor = async (agent: ReturnType<typeof request.agent>, path = '/login') => csrfTokenOf((await agent.get(path).expect(200)).text);

  it('shows a form with labelled fields, a CSRF token and anti-framing headers', async () => {
    const res = await request(t.server).get('/login?returnTo=/api/v1/users/me').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('<label for="username">');
    expect(res.text).toContain('<label for="password">');
    expect(res.text).toContain('value="/api/v1/users/me"');
    expect(csrfTokenOf(res.text).length).toBeGreaterThan(20);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(setCookies(res).join(';')).toMatch(/consentry_csrf=.*HttpOnly/);
  });

  it('logs in, sets an HttpOnly SameSite=Lax session cookie, and returns to a same-site page', async () => {
    const user = await makeUser(t.app);
    const agent = request.agent(t.server);
    const _csrf = await formFor(agent);
    const res = await agent.post('/login').type('form')
      .send({ _csrf, username: user.username.toUpperCase(), password: user.password, returnTo: '/api/v1/users/me' })
      .expect(303);
    expect(res.headers.location).toBe('/api/v1/users/me');
    const cookie = setCookies(res).find((c: string) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http in tests
    const me = await agent.get('/api/v1/users/me').expect(200);
    expect(me.body.username).toBe(user.username);
  });

  it.each([
    ['https://evil.example/'], ['//evil.example'], ['/\\evil.example'], ['javascript:alert(1)'],
  ])('never redirects off-site after login (returnTo=%s)', async (returnTo) => {
    const user = await makeUser(t.app);
    const agent = request.agent(t.server);
    const _csrf = await formFor(agent);
    const res = await agent.post('/login').type('form').send({ _csrf, username: user.username, password: user.password, returnTo }).expect(303);
    expect(res.headers.location).toBe('/');
  });

  it('gives unknown users and wrong passwords the same answer', async () => {
    const user = await makeUser(t.app);
    const agent = request.agent(t.server);
    const _csrf = await formFor(agent);
    const wrong = await agent.post('/login').type('form').send({ _csrf, username: user.username, password: 'not-the-password' }).expect(401);
    const unknown = await agent.post('/login').type('form').send({ _csrf, username: `nobody-${Date.now()}`, password: 'whatever-pass' }).expect(401);
    expect(wrong.text).toContain('Incorrect username or password.');
    expect(unknown.text).toContain('Incorrect username or password.');
    expect(setCookies(wrong).some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });

  it('refuses a login without a valid CSRF token, before checking the password', async () => {
    const user = await makeUser(t.app);
    await request(t.server).post('/login').type('form').send({ username: user.username, password: user.password }).expect(403);
    const agent = request.agent(t.server);
    await formFor(agent);
    const res = await agent.post('/login').type('form').send({ _csrf: 'forged', username: user.username, password: user.password }).expect(403);
    expect(res.body).toEqual({ error: 'csrf_failed', message: expect.stringContaining('reload') });
  });

  it('asks for both fields when one is missing', async () => {
    const agent = request.agent(t.server);
    const _csrf = await formFor(agent);
    const res = await agent.post('/login').type('form').send({ _csrf, username: 'someone' }).expect(400);
    expect(res.text).toContain('Enter your username and password.');
  });

  it('locks an account out after repeated failures, even for the right password, with Retry-After', async () => {
    const user = await makeUser(t.app);
    const agent = request.agent(t.server);
    const _csrf = await formFor(agent);
    for (let i = 0; i < 3; i += 1) {
      await agent.post('/login').type('form').send({ _csrf, username: user.username, password: 'wrong-password' }).expect(401);
    }
    const res = await agent.post('/login').type('form').send({ _csrf, username: user.username, password: user.password }).expect(429);
    expect(res.text).toContain('Too many failed login attempts');
    // Another account from the same address is not affected.
    const other = await makeUser(t.app);
    await agent.post('/login').type('form').send({ _csrf, username: other.username, password: other.password }).expect(303);
  });

  it('refuses locked accounts, saying so only after the right password', async () => {
    const user = await makeUser(t.app);
    await t.dataSource.query('UPDATE users SET locked = 1 WHERE id = ?', [user.id]);
    const agent = request.agent(t.server);
    const _csrf = await formFor(agent);
    const res = await agent.post('/login').type('form').send({ _csrf, username: user.username, password: user.password }).expect(403);
    expect(res.text).toContain('This account is locked.');
  });

  it('issues a new session id at each login and ends it at logout', async () => {
    const user = await makeUser(t.app);
    const agent = await loginAgent(t.server, user.username, user.password);
    const home = await agent.get('/').expect(200);
    expect(home.text).toContain(user.username);
    const logout = await agent.post('/logout').type('form').send({ _csrf: csrfTokenOf(home.text) }).expect(303);
    expect(setCookies(logout).join(';')).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
    await agent.get('/api/v1/users/me').expect(401);
  });

  it('does not accept a session cookie after logout, even if replayed', async () => {
    const user = await makeUser(t.app);
    const agent = request.agent(t.server);
    const _csrf = await formFor(agent);
    const res = await agent.post('/login').type('form').send({ _csrf, username: user.username, password: user.password }).expect(303);
    const cookie = setCookies(res).find((c: string) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0];
    await request(t.server).get('/api/v1/users/me').set('Cookie', cookie).expect(200);
    const home = await agent.get('/').expect(200);
    await agent.post('/logout').type('form').send({ _csrf: csrfTokenOf(home.text) }).expect(303);
    await request(t.server).get('/api/v1/users/me').set('Cookie', cookie).expect(401);
  });

  it('stores only hashes of session ids', async () => {
    if (env.REDIS_URL) return; // the Redis variant keys by the same hash; checked through the database here
    const user = await makeUser(t.app);
    const agent = request.agent(t.server);
    const _csrf = await formFor(agent);
    const res = await agent.post('/login').type('form').send({ _csrf, username: user.username, password: user.password }).expect(303);
    const token = setCookies(res).find((c: string) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0].split('=')[1];
    const rows: { id: string }[] = await t.dataSource.query('SELECT id FROM sessions WHERE userId = ?', [user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].id).not.toContain(token);
  });

  it('ignores malformed session cookies', async () => {
    await request(t.server).get('/api/v1/users/me').set('Cookie', `${SESSION_COOKIE}=' OR 1=1 --`).expect(401);
    await request(t.server).get('/api/v1/users/me').set('Cookie', `${SESSION_COOKIE}=${'A'.repeat(43)}`).expect(401);
  });
});
