import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { PasswordReset } from '../src/accounts/password-reset.entity';
import { PasswordResetService, RESET_REQUESTS_PER_ADDRESS } from '../src/accounts/password-reset.service';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { SESSION_COOKIE } from '../src/caller/session-cookie';
import { MAIL_LIMITS } from '../src/mail/mail-quota';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { backends } from './helpers/backends';
import { csrfTokenOf, loginAgent, setCookies } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const LINK = /(http:\/\/consentry\.test\/reset-password\?token=([A-Za-z0-9_-]{43}))\n/;

/** "Forgot password" (docs/security.md#forgot-password). */
describe.each(backends())('forgot password on %s', (_label, kind, env) => {
  let t: TestApp;
  beforeAll(async () => {
    // Each test asks from its own addresses (TRUST_PROXY), so counters left in a shared Redis do not interfere.
    t = await createTestApp(kind, {
      ...env,
      TRUST_PROXY: 'loopback',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '50',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const unique = () => randomBytes(5).toString('hex');
  const address = () => `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;
  const settled = () => t.app.get(PasswordResetService).settled();
  const mailsTo = (to: string) => t.mail.sent.filter((m) => m.to === to);
  const resetRows = (userId: number) => t.dataSource.getRepository(PasswordReset).find({ where: { userId } });
  const passwordHash = async (id: number) =>
    (await t.dataSource.getRepository(User).findOne({ where: { id }, select: { id: true, passwordHash: true } }))!
      .passwordHash;
  const auditRows = (action: string) =>
    t.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { id: 'ASC' } });
  /** The page without its CSRF token, which is the only thing allowed to differ between two answers. */
  const withoutCsrf = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');

  const confirmedUser = async () => {
    const email = `reset-${unique()}@example.org`;
    return Object.assign(await makeUser(t.app, { username: `Reset-${unique()}`, email, emailVerified: true }), {
      email,
    });
  };

  /** Posts the "forgot password" form from `from`, and waits for the background work it started. */
  async function ask(account: unknown, from = address(), type: 'form' | 'json' = 'form') {
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get('/forgot-password').set('X-Forwarded-For', from).expect(200)).text);
    const res = await agent.post('/forgot-password').set('X-Forwarded-For', from).type(type).send({ _csrf, account });
    await settled();
    return res;
  }

  const tokenIn = (text: string) => LINK.exec(text)![2];

  /** The link of the one mail a request for a fresh confirmed user sent, and that user. */
  async function linkFor(user?: Awaited<ReturnType<typeof confirmedUser>>) {
    const who = user ?? (await confirmedUser());
    const before = mailsTo(who.email).length;
    expect((await ask(who.username)).status).toBe(200);
    const mails = mailsTo(who.email);
    expect(mails).toHaveLength(before + 1);
    return { user: who, token: tokenIn(mails[mails.length - 1].text) };
  }

  /** Opens the link's page and submits the new password twice (or the fields given). */
  async function submit(token: string, fields: Record<string, unknown>, from = address()) {
    const agent = request.agent(t.server);
    const page = await agent.get(`/reset-password?token=${token}`).set('X-Forwarded-For', from);
    // A spent link's page has no form: any page's token will do for the cookie this agent now holds.
    const _csrf = csrfTokenOf(page.status === 200 ? page.text : (await agent.get('/forgot-password')).text);
    return agent
      .post('/reset-password')
      .set('X-Forwarded-For', from)
      .type('form')
      .send({ _csrf, token, ...fields });
  }
  const both = (password: string) => ({ password, passwordConfirm: password });

  it('links the login page to a labelled form with a CSRF token', async () => {
    const login = await request(t.server).get('/login').expect(200);
    expect(login.text).toContain('<a href="/forgot-password">Forgot your password?</a>');
    const res = await request(t.server).get('/forgot-password').expect(200);
    expect(res.text).toContain('<label for="account">');
    expect(res.text).toContain('id="account" name="account"');
    expect(csrfTokenOf(res.text).length).toBeGreaterThan(20);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers the same for an account that exists, does not, is unconfirmed, has no address or is locked', async () => {
    const confirmed = await confirmedUser();
    const unconfirmedEmail = `unconfirmed-${unique()}@example.org`;
    const unconfirmed = await makeUser(t.app, { email: unconfirmedEmail, emailVerified: false });
    const noEmail = await makeUser(t.app);
    const locked = await confirmedUser();
    await t.app.get(UsersService).update(locked.id, { locked: true });
    const sentBefore = t.mail.sent.length;
    const answers = await Promise.all(
      [
        confirmed.username,
        confirmed.email.toUpperCase(),
        `Nobody-${unique()}`,
        `nobody-${unique()}@example.org`,
        unconfirmed.username,
        unconfirmedEmail,
        noEmail.username,
        locked.username,
        locked.email,
      ].map((account) => ask(account)),
    );
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(withoutCsrf(res.text)).toBe(withoutCsrf(answers[0].text));
    }
    expect(answers[0].text).toContain('If what you entered belongs to an account with a confirmed email address');
    // Mail only to the confirmed, unlocked account: once by name, once by address (matched without case).
    const sent = t.mail.sent.slice(sentBefore);
    expect(sent.map((m) => m.to)).toEqual([confirmed.email, confirmed.email]);
    expect(await resetRows(unconfirmed.id)).toEqual([]);
    expect(await resetRows(locked.id)).toEqual([]);
    const requested = (await auditRows('user.password_reset_requested')).filter((e) =>
      e.target.startsWith(`user ${confirmed.id} `),
    );
    expect(requested).toHaveLength(2);
    expect((await auditRows('user.password_reset_requested')).some((e) => e.target.includes(locked.username))).toBe(
      false,
    );
  });

  it('mails a link that works for an hour, once, and says to ignore it if not asked', async () => {
    const { user, token } = await linkFor();
    const mail = mailsTo(user.email)[0];
    expect(mail.subject).toBe('Reset your Consentry password');
    expect(mail.text).toContain(`Hello ${user.username}`);
    expect(mail.text).toContain('within 60 minutes');
    expect(mail.text).toContain('If you did not ask for this, ignore this message: your password is unchanged.');
    // Stored as its SHA-256 only: no column of the table holds the token.
    const [row] = await resetRows(user.id);
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    const dump: unknown[] = await t.dataSource.query('SELECT * FROM password_resets');
    expect(JSON.stringify(dump)).not.toContain(token);
    expect(row.usedAt).toBeNull();
    expect(row.requestIp).toMatch(/^2001:db8:/);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(3_600_000);
  });

  it('lets a blocked account reset its password', async () => {
    const user = await confirmedUser();
    await t.app.get(UsersService).update(user.id, { blocked: true });
    const { token } = await linkFor(user);
    expect((await submit(token, both('blocked-but-new-1'))).status).toBe(303);
  });

  it('resets: ends every session, lifts the lockout, audits, logs nobody in, and spends the link', async () => {
    const user = await confirmedUser();
    const session = await loginAgent(t.server, user.username, user.password);
    await session.get('/api/v1/users/me').expect(200);
    // Lock the account out of the login form.
    const attacker = request.agent(t.server);
    const _csrf = csrfTokenOf((await attacker.get('/login').expect(200)).text);
    const login = (password: string) =>
      attacker.post('/login').type('form').send({ _csrf, username: user.username, password });
    for (let i = 0; i < 3; i += 1) await login('wrong-password').expect(401);
    await login(user.password).expect(429);

    const { token } = await linkFor(user);
    const page = await request(t.server).get(`/reset-password?token=${token}`).expect(200);
    expect(page.text).toContain('<label for="password">');
    expect(page.text).toContain('<label for="passwordConfirm">');
    expect(page.text).toContain('name="_csrf"');
    const res = await submit(token, both('brand-new-password-1'));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?reset=done');
    expect(setCookies(res).some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    const notice = await request(t.server).get('/login?reset=done').expect(200);
    expect(notice.text).toContain('Your password was changed');

    await session.get('/api/v1/users/me').expect(401);
    await login(user.password).expect(401); // the lockout is gone, and the old password with it
    await loginAgent(t.server, user.username, 'brand-new-password-1');
    const [row] = await resetRows(user.id);
    expect(row.usedAt).not.toBeNull();
    const audited = (await auditRows('user.password_reset')).filter((e) => e.actorId === user.id);
    expect(audited).toEqual([
      expect.objectContaining({ actorName: user.username, target: `user ${user.id} (${user.username})` }),
    ]);

    // Used: the page and the form both say so, and change nothing.
    const used = await request(t.server).get(`/reset-password?token=${token}`).expect(400);
    expect(used.text).toContain('This password reset link is invalid, has expired or has already been used.');
    expect(used.text).toContain('<a href="/forgot-password">');
    const hash = await passwordHash(user.id);
    expect((await submit(token, both('another-password-2'))).status).toBe(400);
    expect(await passwordHash(user.id)).toBe(hash);
  }, 120_000);

  it('lets exactly one of two submits at once spend a link', async () => {
    const { user, token } = await linkFor();
    const agents = [request.agent(t.server), request.agent(t.server)];
    const csrf = await Promise.all(
      agents.map(async (a) => csrfTokenOf((await a.get(`/reset-password?token=${token}`).expect(200)).text)),
    );
    const results = await Promise.all(
      agents.map((a, i) =>
        a
          .post('/reset-password')
          .type('form')
          .send({ _csrf: csrf[i], token, ...both(`concurrent-password-${i}`) }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 400]);
    const winner = results.findIndex((r) => r.status === 303);
    await loginAgent(t.server, user.username, `concurrent-password-${winner}`);
    expect((await auditRows('user.password_reset')).filter((e) => e.actorId === user.id)).toHaveLength(1);
  }, 120_000);

  it('refuses an expired link and changes nothing', async () => {
    const { user, token } = await linkFor();
    await t.dataSource
      .getRepository(PasswordReset)
      .update({ userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    await request(t.server).get(`/reset-password?token=${token}`).expect(400);
    const hash = await passwordHash(user.id);
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get('/forgot-password').expect(200)).text);
    const res = await agent
      .post('/reset-password')
      .type('form')
      .send({ _csrf, token, ...both('too-late-password') })
      .expect(400);
    expect(res.text).toContain('has expired');
    expect(await passwordHash(user.id)).toBe(hash);
    expect((await resetRows(user.id))[0].usedAt).toBeNull();
  });

  it('keeps older links working until a reset, which makes every other link void', async () => {
    const first = await linkFor();
    const second = await linkFor(first.user);
    await request(t.server).get(`/reset-password?token=${first.token}`).expect(200);
    expect((await submit(second.token, both('second-link-password'))).status).toBe(303);
    await request(t.server).get(`/reset-password?token=${first.token}`).expect(400);
    expect((await resetRows(first.user.id)).every((r) => r.usedAt !== null)).toBe(true);
  });

  it('refuses a link of an account locked since, and unknown or malformed links', async () => {
    const { user, token } = await linkFor();
    await t.app.get(UsersService).update(user.id, { locked: true });
    await request(t.server).get(`/reset-password?token=${token}`).expect(400);
    for (const bad of ['', 'x', 'A'.repeat(43), `${token.slice(0, 42)}%00`, 'A'.repeat(5000), `${token}&token=x`])
      await request(t.server).get(`/reset-password?token=${bad}`).expect(400);
    await request(t.server).get('/reset-password').expect(400);
  });

  it('applies the password rules, and keeps the link for another try', async () => {
    const { user, token } = await linkFor();
    const hash = await passwordHash(user.id);
    const differ = await submit(token, { password: 'first-password-1', passwordConfirm: 'second-password-1' });
    expect(differ.status).toBe(400);
    expect(differ.text).toContain('The two passwords are not the same.');
    expect((await submit(token, both('short'))).status).toBe(400);
    const same = await submit(token, both(user.username.toLowerCase()));
    expect(same.status).toBe(400);
    expect(same.text).toContain('Choose a password that is not your username.');
    expect(await passwordHash(user.id)).toBe(hash);
    expect((await submit(token, both('finally-a-good-one'))).status).toBe(303);
  });

  it('needs the CSRF token on both forms', async () => {
    const { token } = await linkFor();
    await request(t.server).post('/forgot-password').type('form').send({ account: 'someone' }).expect(403);
    await request(t.server)
      .post('/reset-password')
      .type('form')
      .send({ token, ...both('no-csrf-password') })
      .expect(403);
    await request(t.server).get(`/reset-password?token=${token}`).expect(200); // still usable
  });

  it(`mails one account at most ${MAIL_LIMITS.perAccount} links an hour, answering the same past it`, async () => {
    const user = await confirmedUser();
    const answers = [];
    for (let i = 0; i < MAIL_LIMITS.perAccount + 2; i += 1) answers.push(await ask(i % 2 ? user.username : user.email));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    expect(new Set(answers.map((r) => withoutCsrf(r.text))).size).toBe(1);
    expect(mailsTo(user.email)).toHaveLength(MAIL_LIMITS.perAccount);
    expect(
      (await auditRows('user.password_reset_requested')).filter((e) => e.target.includes(user.username)),
    ).toHaveLength(MAIL_LIMITS.perAccount);
  }, 120_000);

  it('mails one address at most its limit, however many accounts share it', async () => {
    const email = `shared-${unique()}@example.org`;
    const users = await Promise.all(
      Array.from({ length: MAIL_LIMITS.perRecipient + 2 }, () =>
        makeUser(t.app, { username: `Shared-${unique()}`, email, emailVerified: true }),
      ),
    );
    for (const user of users) expect((await ask(user.username)).status).toBe(200);
    expect(mailsTo(email)).toHaveLength(MAIL_LIMITS.perRecipient);
  }, 120_000);

  it(`answers 429 with Retry-After past ${RESET_REQUESTS_PER_ADDRESS} requests an hour from one address`, async () => {
    const from = address();
    const user = await confirmedUser();
    for (let i = 0; i < RESET_REQUESTS_PER_ADDRESS; i += 1)
      expect((await ask(`Nobody-${unique()}`, from)).status).toBe(200);
    const res = await ask(user.username, from);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).toContain('Too many password reset requests came from your address.');
    expect(mailsTo(user.email)).toHaveLength(0);
    expect((await ask(user.username)).status).toBe(200); // another address is not affected
    expect(mailsTo(user.email)).toHaveLength(1);
  }, 120_000);

  it('counts wrong links per address on the login limit: 429 past it', async () => {
    const from = address();
    const { token } = await linkFor();
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get('/forgot-password').set('X-Forwarded-For', from).expect(200)).text);
    const post = (link: string) =>
      agent
        .post('/reset-password')
        .set('X-Forwarded-For', from)
        .type('form')
        .send({ _csrf, token: link, ...both('guessing-password') });
    for (let i = 0; i < 50; i += 1) await post(randomBytes(32).toString('base64url')).expect(400);
    const res = await post(token).expect(429);
    expect(res.headers['retry-after']).toBeDefined();
    await request(t.server).get(`/reset-password?token=${token}`).expect(200); // not spent
  }, 60_000);

  it.each([
    ['an array (a repeated field)', (name: string) => [name, name], 'form'],
    ['an object', (name: string) => ({ name }), 'json'],
    ['a number', () => 42, 'json'],
    ['null', () => null, 'json'],
    ['empty', () => '', 'form'],
    ['huge', (name: string) => name + 'x'.repeat(100_000), 'form'],
    ['a control character', (name: string) => `${name}\u0000`, 'form'],
    ['a header injection', (name: string) => `${name}\r\nBcc: victim@example.org`, 'form'],
  ] as const)('refuses an account field that is %s: 400, no mail, no row', async (_name, account, type) => {
    const user = await confirmedUser();
    const sent = t.mail.sent.length;
    const res = await ask(account(user.username), address(), type);
    expect(res.status).toBe(400);
    expect(res.text).toContain('<form method="post" action="/forgot-password"');
    expect(t.mail.sent.length).toBe(sent);
    expect(await resetRows(user.id)).toEqual([]);
  });

  it.each([
    ['password is an array', { password: ['long-enough-1', 'x'], passwordConfirm: 'long-enough-1' }],
    ['password is huge', both('p'.repeat(100_000))],
    ['passwordConfirm is missing', { password: 'long-enough-1' }],
    ['token is an array', { token: ['a', 'b'], ...both('long-enough-1') }],
    ['token is huge', { token: 'A'.repeat(100_000), ...both('long-enough-1') }],
    ['token has a control character', { token: `${'A'.repeat(42)}\u0000`, ...both('long-enough-1') }],
    ['an unknown field is sent', { ...both('long-enough-1'), admin: 'yes' }],
  ])('refuses a reset whose %s: 400 and nothing changes', async (_name, fields) => {
    const { user, token } = await linkFor();
    const hash = await passwordHash(user.id);
    const res = await submit(token, fields);
    expect(res.status).toBe(400);
    expect(await passwordHash(user.id)).toBe(hash);
    expect((await resetRows(user.id))[0].usedAt).toBeNull();
  });

  it('refuses a JSON reset body of the wrong shape without a 500', async () => {
    const { user, token } = await linkFor();
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get(`/reset-password?token=${token}`).expect(200)).text);
    for (const body of [
      { _csrf, token, password: 12345678, passwordConfirm: 12345678 },
      { _csrf, token: { $ne: 1 } },
    ])
      await agent.post('/reset-password').type('json').send(body).expect(400);
    expect((await resetRows(user.id))[0].usedAt).toBeNull();
  });
});
