import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuditLog } from '../src/audit/audit-log.service';
import { SigningKeys } from '../src/keys/signing-keys.service';
import { PasswordHasher } from '../src/users/password-hasher';
import { oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { authorizationCode, obtainTokens, registerClient } from './helpers/oauth2';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('audit trail and account protection on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let adminId: number;

  beforeAll(async () => {
    t = await createTestApp(kind, { LOGIN_MAX_FAILURES_PER_ACCOUNT: '2' });
    const a = await makeUser(t.app, {
      groups: ['oauthadmin', 'sysop'],
      email: 'admin@example.org',
      emailVerified: true,
    });
    adminId = a.id;
    admin = await loginAgent(t.server, a.username, a.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const audit = async (action: string) =>
    (await admin.get(`/api/v1/audit?action=${action}`).expect(200)).body.items as Array<Record<string, any>>;

  async function failLogin(username: string, times: number): Promise<number[]> {
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get('/login')).text);
    const statuses: number[] = [];
    for (let i = 0; i < times; i += 1)
      statuses.push(
        (await agent.post('/login').type('form').send({ _csrf, username, password: 'wrong-password' })).status,
      );
    return statuses;
  }

  it('counts failed logins per account and address in one row, not one row per attempt', async () => {
    const victim = await makeUser(t.app);
    expect(await failLogin(victim.username, 2)).toEqual([401, 401]);
    await t.app.get(AuditLog).flush();
    const rows = (await audit('login.failed')).filter((e) => e.target === `account ${victim.username.toLowerCase()}`);
    expect(rows).toEqual([expect.objectContaining({ count: 2, ip: expect.any(String), actor: null })]);
  });

  it('lets an administrator lift a lockout, audited', async () => {
    const victim = await makeUser(t.app);
    expect(await failLogin(victim.username, 3)).toEqual([401, 401, 429]);
    await admin.post(`/api/v1/users/${victim.id}/unlock-login`).expect(204);
    await loginAgent(t.server, victim.username, victim.password);
    expect((await audit('user.login_unlocked'))[0]).toMatchObject({
      actor: { id: adminId },
      target: expect.stringContaining(victim.username),
    });
    await t.app.get(AuditLog).flush();
    expect((await audit('login.throttled')).some((e) => e.target === `account ${victim.username.toLowerCase()}`)).toBe(
      true,
    );
  });

  it('a password change ends every other session, and the old password', async () => {
    const user = await makeUser(t.app);
    const first = await loginAgent(t.server, user.username, user.password);
    const second = await loginAgent(t.server, user.username, user.password);
    await first
      .post('/api/v1/users/me/password')
      .send({ currentPassword: user.password, newPassword: user.username })
      .expect(400);
    await first
      .post('/api/v1/users/me/password')
      .send({ currentPassword: user.password, newPassword: 'new-password-1' })
      .expect(204);
    await first.get('/api/v1/users/me').expect(200);
    await second.get('/api/v1/users/me').expect(401);
    expect(await failLogin(user.username, 1)).toEqual([401]);
    await loginAgent(t.server, user.username, 'new-password-1');
    expect((await audit('user.password_changed'))[0]).toMatchObject({ actor: { id: user.id } });
  });

  it('counts a wrong current password like a failed login: audited, then 429 + Retry-After, login too', async () => {
    const user = await makeUser(t.app);
    const agent = await loginAgent(t.server, user.username, user.password);
    const change = (currentPassword: string) =>
      agent.post('/api/v1/users/me/password').send({ currentPassword, newPassword: 'new-password-1' });
    expect((await change('wrong-1')).status).toBe(400);
    expect((await change('wrong-2')).status).toBe(400);
    const locked = await change(user.password);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(locked.body).toMatchObject({ error: 'rate_limited' });
    // One count per account for every check of its password: the login form is locked as well.
    expect(await failLogin(user.username, 1)).toEqual([429]);
    const failed = (await audit('password.change_failed')).filter((e) => e.actor?.id === user.id);
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ target: `user ${user.id} (${user.username})`, ip: expect.any(String) });
    // The password did not change.
    await admin.post(`/api/v1/users/${user.id}/unlock-login`).expect(204);
    await loginAgent(t.server, user.username, user.password);
  });

  it('checks at most the limit of concurrent guesses at the current password', async () => {
    const user = await makeUser(t.app);
    const agent = await loginAgent(t.server, user.username, user.password);
    const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
    try {
      const got = (
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            agent
              .post('/api/v1/users/me/password')
              .send({ currentPassword: `wrong-${i}`, newPassword: 'new-password-1' }),
          ),
        )
      ).map((r) => r.status);
      expect(got.filter((s) => s === 400)).toHaveLength(2);
      expect(got.filter((s) => s === 429)).toHaveLength(8);
      expect(verify).toHaveBeenCalledTimes(2);
    } finally {
      verify.mockRestore();
    }
  });

  it.each([
    ['a number', 12345],
    ['true', true],
    ['an array', ['a']],
    ['an object', { a: 'b' }],
    ['null', null],
  ])('answers a current or new password that is %s with a 400, changing nothing', async (_name, value) => {
    const user = await makeUser(t.app);
    const agent = await loginAgent(t.server, user.username, user.password);
    for (const body of [
      { currentPassword: value, newPassword: 'new-password-1' },
      { currentPassword: user.password, newPassword: value },
    ]) {
      const res = await agent.post('/api/v1/users/me/password').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'invalid_request' });
    }
    await loginAgent(t.server, user.username, user.password);
  });

  it('records rights changes, secret resets, code reuse and key rotations: actor, target, address, time', async () => {
    const dev = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const devAgent = await loginAgent(t.server, dev.username, dev.password);
    await admin
      .patch(`/api/v1/users/${dev.id}`)
      .send({ groups: ['autoconfirmed'] })
      .expect(200);
    expect((await audit('user.changed'))[0]).toMatchObject({
      actor: { id: adminId },
      details: { groups: ['autoconfirmed'] },
      timestamp: expect.any(String),
      ip: expect.any(String),
    });

    const c = await propose(devAgent, oauth2Proposal());
    await devAgent
      .post(`/api/v1/consumers/${c.consumerKey}/reset-secret`)
      .set('If-Match', c.etag)
      .send({ reason: 'rotation' })
      .expect(200);
    expect((await audit('consumer.secret_reset'))[0]).toMatchObject({
      actor: { id: dev.id },
      target: expect.stringContaining(c.consumerKey),
      details: { reason: 'rotation' },
    });

    const client = await registerClient(devAgent, admin, { callbackUrl: 'https://audit.example.org/cb' });
    const user = await makeUser(t.app);
    const agent = await loginAgent(t.server, user.username, user.password);
    const { code, verifier } = await authorizationCode(agent, client.consumerKey);
    const body = {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: client.consumerKey,
      client_secret: client.secret,
    };
    await request(t.server).post('/oauth2/token').type('form').send(body).expect(200);
    await request(t.server).post('/oauth2/token').type('form').send(body).expect(400);
    expect((await audit('oauth2.code_reused'))[0]).toMatchObject({ target: `client ${client.consumerKey}` });

    await t.app.get(SigningKeys).rotate(3600);
    expect((await audit('keys.rotated'))[0].target).toMatch(/^signing key /);
    await obtainTokens(t.server, agent, client);
  });

  it('counts refused gateway requests instead of writing one row each', async () => {
    for (let i = 0; i < 3; i += 1)
      await request(t.server).get('/auth/verify').set('Authorization', 'Bearer not-a-token').expect(401);
    await t.app.get(AuditLog).flush();
    const rows = await audit('oauth2.token_refused');
    expect(rows[0]).toMatchObject({ target: 'mwoauth-invalid-authorization', count: 3 });
  });

  it('shows the audit trail to mwoauthviewprivate holders only', async () => {
    const user = await makeUser(t.app);
    await (await loginAgent(t.server, user.username, user.password)).get('/api/v1/audit').expect(403);
    await request(t.server).get('/api/v1/audit').expect(401);
    const page = await admin.get('/api/v1/audit?limit=2').expect(200);
    expect(page.body.items).toHaveLength(2);
    const next = await admin.get(`/api/v1/audit?limit=2&cursor=${page.body.nextCursor}`).expect(200);
    expect(next.body.items[0].id).toBeLessThan(page.body.items[1].id + 1);
  });
});
