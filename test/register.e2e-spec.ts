import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SESSION_COOKIE } from '../src/caller/session-cookie';
import { SessionsService } from '../src/sessions/sessions.service';
import { backends } from './helpers/backends';
import { databaseKinds } from './helpers/databases';
import { csrfTokenOf } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('registration and email confirmation on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  const countUsers = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM users'))[0].n);

  async function register(fields: Record<string, string>) {
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get('/register').expect(200)).text);
    const res = await agent
      .post('/register')
      .type('form')
      .send({ _csrf, ...fields });
    return { agent, res };
  }

  it('creates an account, logs it in, and mails a confirmation link that verifies the address', async () => {
    const { agent, res } = await register({
      username: 'Newcomer',
      email: 'new@example.org',
      password: 'long-enough-1',
      passwordConfirm: 'long-enough-1',
      returnTo: '/api/v1/users/me',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/api/v1/users/me');
    const me = await agent.get('/api/v1/users/me').expect(200);
    expect(me.body).toMatchObject({
      username: 'Newcomer',
      email: 'new@example.org',
      emailVerified: false,
      groups: ['*', 'user'],
    });
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
    const { agent } = await register({
      username: 'Changer',
      email: 'old@example.org',
      password: 'long-enough-1',
      passwordConfirm: 'long-enough-1',
    });
    const link = /(\/confirm-email\?token=\S+)/.exec(t.mail.lastTo('old@example.org')!.text)![1];
    const token = link.split('=')[1];
    const [h, p, s] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: '1' }),
    ).toString('base64url');
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
    const { res } = await register({
      username: 'bad/name',
      email: 'not-an-email',
      password: 'short',
      passwordConfirm: 'short',
    });
    expect(res.status).toBe(400);
    // Every problem at once, each with its field's label and a link to the field.
    expect(res.text).toContain('<a href="#username">Username</a>');
    expect(res.text).toContain('<a href="#email">Email address</a>');
    expect(res.text).toContain('<a href="#password">Password</a>');
    expect(res.text).toContain('value="not-an-email"'); // what was typed stays, escaped
    expect(await countUsers()).toBe(before);
  });

  it('refuses mismatched passwords', async () => {
    const before = await countUsers();
    const { res } = await register({
      username: 'Mismatch',
      email: 'm@example.org',
      password: 'long-enough-1',
      passwordConfirm: 'long-enough-2',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('The two passwords are not the same.');
    expect(await countUsers()).toBe(before);
    // Reported with the form's other problems, not once they are fixed.
    const both = await register({
      username: 'Mismatch',
      email: 'not-an-address',
      password: 'long-enough-1',
      passwordConfirm: 'long-enough-2',
    });
    expect(both.res.status).toBe(400);
    expect(both.res.text).toContain('The two passwords are not the same.');
    expect(both.res.text).toContain('<a href="#email">Email address</a>: must be an email address');
  });

  it('treats usernames case-insensitively', async () => {
    await makeUser(t.app, { username: 'Casey' });
    const before = await countUsers();
    const { res } = await register({
      username: 'CASEY',
      email: 'c@example.org',
      password: 'long-enough-1',
      passwordConfirm: 'long-enough-1',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('is already taken');
    expect(await countUsers()).toBe(before);
  });

  it('escapes what users type when the form is shown again', async () => {
    const { res } = await register({
      username: '<script>alert(1)</script>',
      email: 'x@example.org',
      password: 'short',
      passwordConfirm: 'short',
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;');
  });

  it('refuses forms without a CSRF token', async () => {
    const before = await countUsers();
    await request(t.server)
      .post('/register')
      .type('form')
      .send({ username: 'NoCsrf', email: 'n@example.org', password: 'long-enough-1', passwordConfirm: 'long-enough-1' })
      .expect(403);
    expect(await countUsers()).toBe(before);
  });
});

describe('registration turned off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ALLOW_REGISTRATION: 'false' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 403 and hides the link', async () => {
    const res = await request(t.server).get('/register').set('Accept', 'text/html').expect(403);
    expect(res.text).toContain('Account creation is disabled on this server.');
    const login = await request(t.server).get('/login').expect(200);
    expect(login.text).not.toContain('href="/register');
  });
});

/**
 * Every mail a request can make the server send is limited per account, per client address and
 * per recipient (docs/security.md#other-promises), on both stores. Each test comes from an address and mails
 * addresses of its own, so the counters of earlier runs left in a shared Redis do not interfere.
 */
describe.each(backends())('mail limits on %s', (_label, kind, env) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { ...env, TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await t.close();
  });

  const unique = () => randomBytes(5).toString('hex');
  const mailsTo = (address: string) => t.mail.sent.filter((m) => m.to === address).length;
  const countUsers = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM users'))[0].n);

  /** A logged-in, unconfirmed user whose resend button posts from `from`. */
  async function unconfirmed(email: string, from: string) {
    const user = await makeUser(t.app, { username: `Mailer-${unique()}`, email });
    const { token } = await t.app.get(SessionsService).start(user.id, {});
    const agent = request.agent(t.server).set('Cookie', `${SESSION_COOKIE}=${token}`).set('X-Forwarded-For', from);
    const _csrf = csrfTokenOf((await agent.get('/').expect(200)).text);
    return {
      resend: (accept = 'text/html') =>
        agent.post('/confirm-email/resend').set('Accept', accept).type('form').send({ _csrf }),
    };
  }

  it('sends at most 5 of 30 resend requests made at once; the rest get 429 + Retry-After, page or JSON', async () => {
    const email = `burst-${unique()}@example.org`;
    const { resend } = await unconfirmed(email, randomAddress());
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => resend(i % 2 ? 'application/json' : 'text/html')),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = responses.filter((r) => r.status === 429);
    expect(refused).toHaveLength(25);
    for (const res of refused) expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(refused.some((r) => r.headers['content-type'].includes('text/html'))).toBe(true);
    expect(refused.find((r) => r.headers['content-type'].includes('json'))!.body).toMatchObject({
      error: 'rate_limited',
    });
    expect(mailsTo(email)).toBe(5);
  });

  it('sends at most 5 mails to one recipient, whoever asks; then refuses to register it, writing nothing', async () => {
    const email = `shared-${unique()}@example.org`;
    const from = randomAddress();
    const accounts = await Promise.all(Array.from({ length: 6 }, () => unconfirmed(email, from)));
    const got = (await Promise.all(accounts.map((a) => a.resend()))).map((r) => r.status).sort();
    expect(got).toEqual([200, 200, 200, 200, 200, 429]);
    expect(mailsTo(email)).toBe(5);
    // Sub-addresses and capitals reach the same mailbox: they count as the same recipient.
    const before = await countUsers();
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get('/register').set('X-Forwarded-For', from).expect(200)).text);
    const variant = email.replace('@', '+x@').toUpperCase();
    const res = await agent
      .post('/register')
      .set('X-Forwarded-For', from)
      .type('form')
      .send({
        _csrf,
        username: `Late-${unique()}`,
        email: variant,
        password: 'long-enough-1',
        passwordConfirm: 'long-enough-1',
      });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(await countUsers()).toBe(before);
    expect(mailsTo(variant)).toBe(0);
  });

  it('sends at most 20 mails an hour on behalf of one client address', async () => {
    const from = randomAddress();
    const accounts = await Promise.all(
      Array.from({ length: 21 }, () => unconfirmed(`many-${unique()}@example.org`, from)),
    );
    const got = (await Promise.all(accounts.map((a) => a.resend()))).map((r) => r.status);
    expect(got.filter((s) => s === 200)).toHaveLength(20);
    expect(got.filter((s) => s === 429)).toHaveLength(1);
  }, 120_000);

  it('a registration refused for its username gives its reserved mail back', async () => {
    const taken = await makeUser(t.app, { username: `Taken-${unique()}` });
    const email = `again-${unique()}@example.org`;
    const from = randomAddress();
    const agent = request.agent(t.server);
    const _csrf = csrfTokenOf((await agent.get('/register').set('X-Forwarded-For', from).expect(200)).text);
    const fields = { _csrf, email, password: 'long-enough-1', passwordConfirm: 'long-enough-1' };
    const post = (username: string) =>
      agent
        .post('/register')
        .set('X-Forwarded-For', from)
        .type('form')
        .send({ ...fields, username });
    for (let i = 0; i < 5; i += 1) await post(taken.username).expect(409);
    await post(`Fresh-${unique()}`).expect(303);
    expect(mailsTo(email)).toBe(1);
  });
});

/**
 * A JSON body whose fields are not strings is a 400 page, never a 500, and writes nothing
 * (docs/security.md#other-promises).
 */
describe('registration with JSON fields that are not strings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await t.close();
  });

  const good = {
    username: 'Typed',
    email: 'typed@example.org',
    password: 'long-enough-1',
    passwordConfirm: 'long-enough-1',
    returnTo: '/',
  };
  const values = [12345, true, false, ['a'], { a: 'b' }, null];
  const fieldsAndValues = Object.keys(good).flatMap((field) => values.map((value) => [field, value] as const));

  it.each(fieldsAndValues)('%s = %j is a 400 and writes nothing', async (field, value) => {
    const agent = request.agent(t.server);
    const from = randomAddress();
    const _csrf = csrfTokenOf((await agent.get('/register').set('X-Forwarded-For', from).expect(200)).text);
    const res = await agent
      .post('/register')
      .set('X-Forwarded-For', from)
      .set('Accept', 'text/html')
      .send({ _csrf, ...good, [field]: value });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect((await t.dataSource.query('SELECT COUNT(*) AS n FROM users'))[0].n).toBe(0);
    expect(t.mail.sent).toHaveLength(0);
  });
});

/** A documentation address (RFC 3849) with a random /64 of its own. */
function randomAddress(): string {
  const [a, b, c] = [0, 1, 2].map(() => randomBytes(2).toString('hex'));
  return `2001:db8:${a}:${b}:${c}::1`;
}
