import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { AuditLog } from '../src/audit/audit-log.service';
import { SESSION_COOKIE } from '../src/caller/session-cookie';
import { sha256Hex } from '../src/common/crypto/tokens';
import { RequestTokens } from '../src/oauth1/request-tokens';
import { AdminBootstrap } from '../src/users/admin-bootstrap';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { backends } from './helpers/backends';
import { oauth1Proposal, oauth2Proposal, propose } from './helpers/consumers';
import { registerClient } from './helpers/oauth2';
import { csrfTokenOf, setCookies } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

interface Browser {
  agent: TestAgent;
  /** The session cookie's value (the store keeps only its hash). */
  cookie: string;
}

/** Logs in through the form with a User-Agent; the agent keeps the cookies. */
async function login(t: TestApp, username: string, password: string, userAgent = FIREFOX): Promise<Browser> {
  const agent = request.agent(t.server);
  const page = await agent.get('/login').set('User-Agent', userAgent).expect(200);
  const res = await agent
    .post('/login')
    .set('User-Agent', userAgent)
    .type('form')
    .send({ _csrf: csrfTokenOf(page.text), username, password })
    .expect(303);
  const line = setCookies(res).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  return { agent, cookie: line.slice(SESSION_COOKIE.length + 1).split(';')[0] };
}

/** A form of the page at `path` posted with its CSRF token. */
async function postForm(b: Browser, path: string, action: string, fields: Record<string, string>, status: number) {
  const page = await b.agent.get(path).expect(200);
  return b.agent
    .post(action)
    .type('form')
    .send({ _csrf: csrfTokenOf(page.text), ...fields })
    .expect(status);
}

function linkIn(text: string): string {
  const match = /(http:\/\/consentry\.test\/account\/email\/confirm\?token=\S+)/.exec(text);
  if (!match) throw new Error(`no link in: ${text}`);
  return new URL(match[1]).pathname + new URL(match[1]).search;
}

describe.each(backends())('your account on %s', (_label, kind, env) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(kind, {
      ...env,
      ADMIN_USERNAME: 'Boss',
      ADMIN_PASSWORD: 'boss-password-1',
      ADMIN_EMAIL: 'boss@example.org',
    });
    // Redis keeps each user's sessions under its id, and other test files share the Redis database:
    // ids of their own here, so that no other file's "user 2" is listed (or ended) as ours.
    if (env.REDIS_URL) {
      const start = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
      await t.dataSource.query(`UPDATE sqlite_sequence SET seq = ${start} WHERE name = 'users'`);
      expect((await makeUser(t.app)).id).toBe(start + 1);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const fresh = (id: number) => t.app.get(UsersService).getById(id);
  async function audited(action: string, target: User): Promise<AuditEvent[]> {
    await t.app.get(AuditLog).flush();
    const rows = await t.dataSource.getRepository(AuditEvent).findBy({ action });
    return rows.filter((r) => r.target.startsWith(`user ${target.id} `));
  }

  describe('ADMIN_EMAIL', () => {
    it('the bootstrap admin gets the address, confirmed', async () => {
      const admin = (await t.app.get(UsersService).findByUsername('Boss'))!;
      expect(admin.email).toBe('boss@example.org');
      expect(admin.emailVerified).toBe(true);
    });

    it('fills an existing admin account without an address, and never replaces an address', async () => {
      const repo = t.dataSource.getRepository(User);
      const admin = (await t.app.get(UsersService).findByUsername('Boss'))!;
      await repo.update({ id: admin.id }, { email: null, emailVerified: false });
      await t.app.get(AdminBootstrap).onApplicationBootstrap();
      expect(await fresh(admin.id)).toMatchObject({ email: 'boss@example.org', emailVerified: true });

      await repo.update({ id: admin.id }, { email: 'own@example.org', emailVerified: false });
      await t.app.get(AdminBootstrap).onApplicationBootstrap();
      expect(await fresh(admin.id)).toMatchObject({ email: 'own@example.org', emailVerified: false });
      await repo.update({ id: admin.id }, { email: 'boss@example.org', emailVerified: true });
    });
  });

  describe('the account page', () => {
    it('sends a visitor without a session to the login page', async () => {
      const res = await request(t.server).get('/account').expect(303);
      expect(res.headers.location).toBe('/login?returnTo=%2Faccount');
    });

    it('shows the username, the address and whether it is confirmed, the real name and the language', async () => {
      const user = await makeUser(t.app, { email: 'page@example.org', emailVerified: false });
      const b = await login(t, user.username, user.password);
      const page = await b.agent.get('/account').expect(200);
      expect(page.text).toContain(user.username);
      expect(page.text).toContain('page@example.org');
      expect(page.text).toContain('not confirmed yet');
      expect(page.text).toContain('action="/confirm-email/resend"');
      expect(page.text).toContain('href="/account/password"');
      expect(page.text).toContain('href="/account/sessions"');
      expect(page.text).toContain('<a href="/account">Account</a>');

      await t.app.get(UsersService).update(user.id, { emailVerified: true });
      const confirmed = await b.agent.get('/account').expect(200);
      expect(confirmed.text).toContain('confirmed');
      expect(confirmed.text).not.toContain('action="/confirm-email/resend"');
    });
  });

  describe('changing the email address', () => {
    it('needs the current password: a wrong one changes nothing and sends nothing', async () => {
      const user = await makeUser(t.app, { email: 'kept@example.org', emailVerified: true });
      const b = await login(t, user.username, user.password);
      const sent = t.mail.sent.length;
      const res = await postForm(
        b,
        '/account',
        '/account/email',
        {
          email: 'thief@example.org',
          currentPassword: 'not-the-password',
        },
        400,
      );
      expect(res.text).toContain('is not right');
      await b.agent
        .post('/api/v1/users/me/email')
        .send({ email: 'thief@example.org', currentPassword: 'not-the-password' })
        .expect(400);
      await b.agent.post('/api/v1/users/me/email').send({ email: 'thief@example.org' }).expect(400);
      expect(t.mail.sent.length).toBe(sent);
      expect(await fresh(user.id)).toMatchObject({ email: 'kept@example.org', emailVerified: true });
      expect(await audited('user.email_change_failed', user)).toHaveLength(2);
    });

    it('refuses a form without its CSRF token', async () => {
      const user = await makeUser(t.app, { email: 'csrf@example.org', emailVerified: true });
      const b = await login(t, user.username, user.password);
      const sent = t.mail.sent.length;
      await b.agent
        .post('/account/email')
        .type('form')
        .send({ email: 'other@example.org', currentPassword: user.password })
        .expect(403);
      expect(t.mail.sent.length).toBe(sent);
    });

    it('sends a link to the new address and a notice to the old; the link changes it, once', async () => {
      const user = await makeUser(t.app, { email: 'old@example.org', emailVerified: true });
      const b = await login(t, user.username, user.password);
      const page = await postForm(
        b,
        '/account',
        '/account/email',
        {
          email: 'new@example.org',
          currentPassword: user.password,
        },
        200,
      );
      expect(page.text).toContain('We sent a link to new@example.org');
      // Nothing changes before the link is opened.
      expect(await fresh(user.id)).toMatchObject({ email: 'old@example.org', emailVerified: true });

      const confirmation = t.mail.lastTo('new@example.org')!;
      expect(confirmation.text).toContain(user.username);
      const notice = t.mail.lastTo('old@example.org')!;
      expect(notice.subject).toContain('change of your email address');
      expect(notice.text).toContain(user.username);
      expect(notice.text).toContain('http://consentry.test/account/sessions');
      expect(notice.text).not.toContain('token=');
      expect(notice.text).not.toContain('new@example.org');

      // The link works without a session: it is opened from the new mailbox, maybe elsewhere.
      const link = linkIn(confirmation.text);
      const done = await request(t.server).get(link).expect(200);
      expect(done.text).toContain('Your email address is now new@example.org');
      expect(await fresh(user.id)).toMatchObject({ email: 'new@example.org', emailVerified: true });
      // Spent by the change it made.
      await request(t.server).get(link).expect(400);
      expect(await audited('user.email_change_requested', user)).toHaveLength(1);
      expect(await audited('user.email_changed', user)).toHaveLength(1);
      expect((await b.agent.get('/account').expect(200)).text).toContain('new@example.org');
    });

    it('a link for an address that has changed meanwhile is refused', async () => {
      const user = await makeUser(t.app, { email: 'first@example.org', emailVerified: false });
      const b = await login(t, user.username, user.password);
      for (const email of ['second@example.org', 'third@example.org'])
        await b.agent.post('/api/v1/users/me/email').send({ email, currentPassword: user.password }).expect(202);
      // An unconfirmed address is not written to.
      expect(t.mail.lastTo('first@example.org')).toBeUndefined();
      const second = linkIn(t.mail.lastTo('second@example.org')!.text);
      const third = linkIn(t.mail.lastTo('third@example.org')!.text);
      await request(t.server).get(third).expect(200);
      await request(t.server).get(second).expect(400);
      expect(await fresh(user.id)).toMatchObject({ email: 'third@example.org', emailVerified: true });
    });

    it('refuses a tampered, foreign or malformed link', async () => {
      const user = await makeUser(t.app, { email: 'tamper@example.org', emailVerified: true });
      const b = await login(t, user.username, user.password);
      await b.agent
        .post('/api/v1/users/me/email')
        .send({ email: 'tampered@example.org', currentPassword: user.password })
        .expect(202);
      const link = linkIn(t.mail.lastTo('tampered@example.org')!.text);
      const token = new URL(link, 'http://x').searchParams.get('token')!;
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, to: 'attacker@example.org' })).toString('base64url');
      await request(t.server).get(`/account/email/confirm?token=${header}.${forged}.${signature}`).expect(400);
      // The account-creation confirmation link is signed for another purpose.
      await request(t.server).get(`/confirm-email?token=${token}`).expect(400);
      await request(t.server).get('/account/email/confirm').expect(400);
      await request(t.server).get('/account/email/confirm?token=a&token=b').expect(400);
      await request(t.server)
        .get(`/account/email/confirm?token=${'x'.repeat(5000)}`)
        .expect(400);
      expect(await fresh(user.id)).toMatchObject({ email: 'tamper@example.org', emailVerified: true });
    });

    it('adds a first address the same way', async () => {
      const user = await makeUser(t.app);
      const b = await login(t, user.username, user.password);
      expect((await b.agent.get('/account').expect(200)).text).toContain('Add an email address');
      await b.agent
        .post('/api/v1/users/me/email')
        .send({ email: 'added@example.org', currentPassword: user.password })
        .expect(202);
      await request(t.server)
        .get(linkIn(t.mail.lastTo('added@example.org')!.text))
        .expect(200);
      expect(await fresh(user.id)).toMatchObject({ email: 'added@example.org', emailVerified: true });
    });

    it('an address another account has is allowed, as at registration', async () => {
      await makeUser(t.app, { email: 'shared@example.org', emailVerified: true });
      const user = await makeUser(t.app, { email: 'mine@example.org', emailVerified: true });
      const b = await login(t, user.username, user.password);
      await b.agent
        .post('/api/v1/users/me/email')
        .send({ email: 'shared@example.org', currentPassword: user.password })
        .expect(202);
    });

    it('refuses bad input and the current address; is throttled by the mail limits', async () => {
      const user = await makeUser(t.app, { email: 'limits@example.org', emailVerified: false });
      const b = await login(t, user.username, user.password);
      const send = (body: unknown) => b.agent.post('/api/v1/users/me/email').send(body as object);
      await send({ email: 'not an address', currentPassword: user.password }).expect(400);
      await send({ email: ['a@example.org'], currentPassword: user.password }).expect(400);
      await send({ email: `${'a'.repeat(250)}@example.org`, currentPassword: user.password }).expect(400);
      await send({ email: 'limits@example.org', currentPassword: user.password }).expect(400);
      await send({ email: 'x@example.org', currentPassword: user.password, extra: 1 }).expect(400);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1)
        statuses.push((await send({ email: `n${i}@example.org`, currentPassword: user.password })).status);
      expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(5);
      expect(statuses).toContain(429);
      expect(await fresh(user.id)).toMatchObject({ email: 'limits@example.org' });
    });

    it('is for browser sessions: a Bearer token is refused', async () => {
      const owner = await makeUser(t.app, { email: 'owner-only@example.org', emailVerified: true });
      const b = await login(t, owner.username, owner.password);
      const consumer = await propose(b.agent, oauth2Proposal({ ownerOnly: true }));
      expect(consumer.accessToken).toBeDefined();
      await request(t.server)
        .post('/api/v1/users/me/email')
        .set('Authorization', `Bearer ${consumer.accessToken}`)
        .send({ email: 'stolen@example.org', currentPassword: owner.password })
        .expect(403);
      await request(t.server)
        .patch('/api/v1/users/me')
        .set('Authorization', `Bearer ${consumer.accessToken}`)
        .send({ realName: 'Stolen' })
        .expect(403);
    });
  });

  describe('real name and language', () => {
    it('are changed by the API and the page, within bounds', async () => {
      const user = await makeUser(t.app);
      const b = await login(t, user.username, user.password);
      const res = await b.agent.patch('/api/v1/users/me').send({ realName: '  Ada Lovelace ', language: 'en' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ username: user.username, realName: 'Ada Lovelace', language: 'en' });
      for (const body of [
        { language: 'xx' },
        { language: 'en', realName: 'Evil\u0007' },
        { realName: 'A\u202eB' },
        { realName: 'x'.repeat(256) },
        { realName: 42 },
        { realName: null },
        { groups: ['sysop'] },
      ])
        await b.agent.patch('/api/v1/users/me').send(body).expect(400);
      expect(await fresh(user.id)).toMatchObject({ realName: 'Ada Lovelace', language: 'en' });
      expect(await audited('user.profile_changed', user)).toHaveLength(1);

      await postForm(b, '/account', '/account/profile', { realName: 'Ada King', language: '' }, 200);
      expect(await fresh(user.id)).toMatchObject({ realName: 'Ada King', language: null });
      const bad = await postForm(b, '/account', '/account/profile', { realName: 'A', language: 'zz' }, 400);
      expect(bad.text).toContain('must be one of');
      await b.agent.post('/account/profile').type('form').send({ realName: 'No Token' }).expect(403);
      expect(await fresh(user.id)).toMatchObject({ realName: 'Ada King', language: null });
    });
  });

  describe('the change-password page', () => {
    it('changes the password with the current one, ends the other sessions and keeps this browser in', async () => {
      const user = await makeUser(t.app);
      const b = await login(t, user.username, user.password);
      const other = await login(t, user.username, user.password, CHROME);
      const form = {
        currentPassword: user.password,
        newPassword: 'brand-new-pass',
        newPasswordConfirm: 'brand-new-pass',
      };

      const wrong = await postForm(
        b,
        '/account/password',
        '/account/password',
        {
          ...form,
          currentPassword: 'wrong-password',
        },
        400,
      );
      expect(wrong.text).toContain('is not right');
      await postForm(
        b,
        '/account/password',
        '/account/password',
        {
          ...form,
          newPasswordConfirm: 'something-else',
        },
        400,
      );
      await b.agent.post('/account/password').type('form').send(form).expect(403);
      expect(await t.app.get(UsersService).verifyCredentials(user.username, user.password)).not.toBeNull();
      await other.agent.get('/api/v1/users/me').expect(200);

      const done = await postForm(b, '/account/password', '/account/password', form, 200);
      expect(done.text).toContain('Your password was changed');
      expect(await t.app.get(UsersService).verifyCredentials(user.username, 'brand-new-pass')).not.toBeNull();
      await other.agent.get('/api/v1/users/me').expect(401);
      await b.agent.get('/api/v1/users/me').expect(200);
      expect(await audited('user.password_changed', user)).toHaveLength(1);

      // The API runs the same service (account-settings.service.ts).
      const api = (newPassword: string) =>
        b.agent.post('/api/v1/users/me/password').send({ currentPassword: 'brand-new-pass', newPassword });
      await api(user.username).expect(400);
      await api('third-password').expect(204);
      await b.agent.get('/api/v1/users/me').expect(200);
      expect(await t.app.get(UsersService).verifyCredentials(user.username, 'third-password')).not.toBeNull();
    });
  });

  describe('my sessions', () => {
    it('lists my sessions with device, address and times, the current one marked, and no session id', async () => {
      const user = await makeUser(t.app);
      const a = await login(t, user.username, user.password, FIREFOX);
      const c = await login(t, user.username, user.password, CHROME);
      const page = await a.agent.get('/account/sessions').expect(200);
      expect(page.text).toContain('Firefox (Linux)');
      expect(page.text).toContain('Chrome (Windows)');
      expect(page.text).toContain('This session');
      expect(page.text).toContain('<time datetime=');
      for (const b of [a, c]) {
        expect(page.text).not.toContain(b.cookie);
        expect(page.text).not.toContain(sha256Hex(b.cookie));
        expect(page.text).not.toContain(sha256Hex(b.cookie).slice(0, 16));
      }
      const api = await a.agent.get('/api/v1/users/me/sessions').expect(200);
      expect(api.body).toHaveLength(2);
      expect(api.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      expect(api.body.find((s: { current: boolean }) => s.current).device).toBe('Firefox (Linux)');
      expect(JSON.stringify(api.body)).not.toContain(sha256Hex(a.cookie));
      expect(api.body[0]).toEqual(
        expect.objectContaining({ handle: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), ip: expect.any(String) }),
      );
    });

    it("ends one session by its handle; another user's handle names nothing", async () => {
      const user = await makeUser(t.app);
      const victim = await makeUser(t.app);
      const a = await login(t, user.username, user.password);
      const b = await login(t, user.username, user.password, CHROME);
      const v = await login(t, victim.username, victim.password);
      const victimHandle = (await v.agent.get('/api/v1/users/me/sessions').expect(200)).body[0].handle as string;

      await a.agent.delete(`/api/v1/users/me/sessions/${victimHandle}`).expect(404);
      await postForm(a, '/account/sessions', '/account/sessions/end', { handle: victimHandle }, 404);
      await a.agent.delete('/api/v1/users/me/sessions/not-a-handle').expect(404);
      await v.agent.get('/api/v1/users/me').expect(200);

      const mine = (await a.agent.get('/api/v1/users/me/sessions').expect(200)).body as {
        handle: string;
        current: boolean;
      }[];
      const other = mine.find((s) => !s.current)!;
      await a.agent.post('/account/sessions/end').type('form').send({ handle: other.handle }).expect(403);
      await b.agent.get('/api/v1/users/me').expect(200);
      const page = await postForm(a, '/account/sessions', '/account/sessions/end', { handle: other.handle }, 200);
      expect(page.text).toContain('The session has ended');
      await b.agent.get('/api/v1/users/me').expect(401);
      await a.agent.get('/api/v1/users/me').expect(200);
      // Already ended: nothing to end.
      await a.agent.delete(`/api/v1/users/me/sessions/${other.handle}`).expect(404);
      expect(await audited('user.sessions_ended', user)).toHaveLength(1);
    });

    it('logs out everywhere else, keeping this session; ending the current row logs out', async () => {
      const user = await makeUser(t.app);
      const a = await login(t, user.username, user.password);
      const b = await login(t, user.username, user.password, CHROME);
      const c = await login(t, user.username, user.password, 'curl/8.5.0');
      const bystander = await makeUser(t.app);
      const d = await login(t, bystander.username, bystander.password);

      await a.agent.post('/account/sessions/others').type('form').send({}).expect(403);
      await b.agent.get('/api/v1/users/me').expect(200);
      const page = await postForm(a, '/account/sessions', '/account/sessions/others', {}, 200);
      expect(page.text).toContain('Every other session has ended');
      expect(page.text).toContain('You are logged in nowhere else');
      await b.agent.get('/api/v1/users/me').expect(401);
      await c.agent.get('/api/v1/users/me').expect(401);
      await a.agent.get('/api/v1/users/me').expect(200);
      await d.agent.get('/api/v1/users/me').expect(200);

      const [current] = (await a.agent.get('/api/v1/users/me/sessions').expect(200)).body as { handle: string }[];
      const out = await postForm(a, '/account/sessions', '/account/sessions/end', { handle: current.handle }, 303);
      expect(out.headers.location).toBe('/');
      expect(setCookies(out).some((line) => line.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
      await request(t.server).get('/api/v1/users/me').set('Cookie', `${SESSION_COOKIE}=${a.cookie}`).expect(401);
    });
  });

  describe('OAuth flows', () => {
    let owner: Browser;
    let admin: Browser;
    let clientId: string;
    let appName: string;

    beforeAll(async () => {
      const developer = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
      owner = await login(t, developer.username, developer.password);
      admin = await login(t, 'Boss', 'boss-password-1');
      appName = `Wiki Helper ${Math.random().toString(36).slice(2, 6)}`;
      clientId = (await registerClient(owner.agent, admin.agent, { name: appName })).consumerKey;
    });

    const loginPage = (returnTo: string) =>
      request(t.server)
        .get(`/login?returnTo=${encodeURIComponent(returnTo)}`)
        .expect(200);

    it('the login page names the application asking, only when it could be authorized', async () => {
      const authorize = `/oauth2/authorize?client_id=${clientId}&response_type=code&code_challenge=x`;
      expect((await loginPage(authorize)).text).toContain(`${appName} wants you to log in to continue.`);
      expect((await loginPage(authorize.replace('/oauth2', '/w/rest.php/oauth2'))).text).toContain(appName);

      const proposed = await propose(owner.agent, oauth2Proposal({ name: 'Not Yet Approved' }));
      for (const returnTo of [
        `/oauth2/authorize?client_id=${proposed.consumerKey}`,
        '/oauth2/authorize?client_id=0123456789abcdef0123456789abcdef',
        '/oauth2/authorize?client_id=%00%ff',
        `/oauth2/authorize?client_id=${clientId}&client_id=${clientId}`,
        `/consumers?client_id=${clientId}`,
        `/oauth1/authorize?oauth_token=${clientId}`,
      ]) {
        const page = await loginPage(returnTo);
        expect(page.text).not.toContain('wants you to log in');
      }
    });

    it('names an OAuth 1.0a application by its request token, at every address', async () => {
      const consumer = await registerClient(owner.agent, admin.agent, { ...oauth1Proposal(), name: 'Old Style Tool' });
      const { token } = await t.app.get(RequestTokens).issue(consumer.consumerKey, 'oob');
      for (const returnTo of [
        `/oauth1/authorize?oauth_token=${token}`,
        `/w/index.php?title=Special:OAuth/authorize&oauth_token=${token}&oauth_consumer_key=${consumer.consumerKey}`,
        `/wiki/Special:OAuth/authorize?oauth_token=${token}`,
      ])
        expect((await loginPage(returnTo)).text).toContain('Old Style Tool wants you to log in');
      // A consumer key that is not the token's names nothing (the consent step refuses it too).
      const page = await loginPage(`/oauth1/authorize?oauth_token=${token}&oauth_consumer_key=${clientId}`);
      expect(page.text).not.toContain('wants you to log in');
    });

    it('the consent page says who is logged in; "not you?" logs out and comes back to the same step', async () => {
      const person = await makeUser(t.app);
      const b = await login(t, person.username, person.password);
      const query = `response_type=code&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256&max_age=86400`;
      const authorize = `/oauth2/authorize?client_id=${clientId}&${query}`;
      const page = await b.agent.get(authorize).expect(200);
      expect(page.text).toContain(`Logged in as ${person.username}.`);
      const returnTo = /name="returnTo" value="([^"]+)"/
        .exec(page.text)![1]
        .replace(/&#x3D;/g, '=')
        .replace(/&amp;/g, '&');
      expect(returnTo).toMatch(/^\/oauth2\/authorize\?client_id=/);
      expect(returnTo).not.toContain('max_age');

      await b.agent.post('/logout').type('form').send({ returnTo }).expect(403);
      await b.agent.get('/api/v1/users/me').expect(200);
      const out = await b.agent
        .post('/logout')
        .type('form')
        .send({ _csrf: csrfTokenOf(page.text), returnTo })
        .expect(303);
      expect(out.headers.location).toBe(returnTo);
      await b.agent.get('/api/v1/users/me').expect(401);
      // Back at the step, which asks for a login, naming the application.
      const again = await b.agent.get(returnTo).expect(303);
      const loginPage = await b.agent.get(again.headers.location).expect(200);
      expect(loginPage.text).toContain(`${appName} wants you to log in`);
    });

    it('logout never redirects off-site', async () => {
      const person = await makeUser(t.app);
      for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/a/..//evil.example']) {
        const b = await login(t, person.username, person.password);
        const home = await b.agent.get('/').expect(200);
        const out = await b.agent
          .post('/logout')
          .type('form')
          .send({ _csrf: csrfTokenOf(home.text), returnTo })
          .expect(303);
        expect(out.headers.location).toBe('/');
      }
    });
  });
});
