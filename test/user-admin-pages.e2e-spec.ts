import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuditLog } from '../src/audit/audit-log.service';
import { User } from '../src/users/user.entity';
import { databaseKinds } from './helpers/databases';
import { obtainTokens, registerClient } from './helpers/oauth2';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const HTML = 'text/html';

/** /manage/users and /manage/audit (docs/administration.md): what an administrator sees and does. */
describe.each(databaseKinds())('user admin pages on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let plain: TestAgent;
  let target: User & { password: string };
  let consumerKey: string;

  beforeAll(async () => {
    t = await createTestApp(kind, {
      ADMIN_USERNAME: 'Root',
      ADMIN_PASSWORD: 'root-password-1',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    });
    admin = await loginAgent(t.server, 'Root', 'root-password-1');
    target = await makeUser(t.app, { username: 'Target', email: 'target.person@Example.org', emailVerified: true });
    const someone = await makeUser(t.app, { username: 'Someone' });
    plain = await loginAgent(t.server, someone.username, someone.password);
    // The target owns an application and has authorized it (one consumer, one authorization).
    const targetAgent = await loginAgent(t.server, target.username, target.password);
    const client = await registerClient(targetAgent, admin, { name: 'Target Tool', grants: ['basic', 'editpage'] });
    consumerKey = client.consumerKey;
    await obtainTokens(t.server, targetAgent, client);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  /** Handlebars writes `=` in attributes as `&#x3D;`: the links compared as a browser reads them. */
  const links = (html: string) => html.replace(/&#x3D;/g, '=');
  const csrf = async (agent: TestAgent) => csrfTokenOf((await agent.get('/manage/users').set('Accept', HTML)).text);
  const row = (id: number) => t.dataSource.getRepository(User).findOneByOrFail({ id });
  const auditRows = (action: string) =>
    t.dataSource.query<{ actorName: string; target: string; details: string | null }[]>(
      'SELECT actorName, target, details FROM audit_events WHERE action = ? ORDER BY id',
      [action],
    );

  describe('refuses everyone but holders of the rights', () => {
    it.each(['/manage/users', '/manage/users/1', '/manage/users/1/block', '/manage/audit'])(
      '%s: 403 page for a user without the right, login for nobody',
      async (path) => {
        const res = await plain.get(path).set('Accept', HTML).expect(403);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        const anonymous = await request(t.server).get(path).set('Accept', HTML);
        expect(anonymous.status).toBe(303);
        expect(anonymous.headers.location).toMatch(/^\/login\?/);
      },
    );

    it('answers 403 to a POST without the right and changes nothing', async () => {
      const _csrf = csrfTokenOf((await plain.get('/me/apps').set('Accept', HTML)).text);
      for (const action of ['block', 'lock', 'groups', 'end-sessions']) {
        await plain
          .post(`/manage/users/${target.id}/${action}`)
          .type('form')
          .send({ _csrf, confirm: 'yes', groups: 'sysop' })
          .expect(403);
      }
      expect(await row(target.id)).toMatchObject({ blocked: false, locked: false });
      expect(await auditRows('user.changed')).toEqual([]);
    });

    it('refuses a POST without a CSRF token and changes nothing', async () => {
      await admin.post(`/manage/users/${target.id}/block`).type('form').send({ confirm: 'yes' }).expect(403);
      await admin.post(`/manage/users/${target.id}/groups`).type('form').send({ groups: 'sysop' }).expect(403);
      expect(await row(target.id)).toMatchObject({ blocked: false });
      expect(await auditRows('user.changed')).toEqual([]);
    });
  });

  describe('/manage/users', () => {
    it('finds a user by part of their email address, in any case, linking the user page', async () => {
      const res = await admin.get('/manage/users').query({ q: 'PERSON@example' }).set('Accept', HTML).expect(200);
      expect(res.text).toContain(`<a href="/manage/users/${target.id}">Target</a>`);
      expect(res.text).toContain('target.person@Example.org');
      expect(res.text).toContain('Users found: 1');
      expect(res.text).not.toContain('>Someone<');
      expect(res.text).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+Z"/);
    });

    it('keeps the filters in the form and escapes what was typed', async () => {
      const res = await admin
        .get('/manage/users')
        .query({ q: '"><script>x</script>', blocked: 'false' })
        .set('Accept', HTML)
        .expect(200);
      expect(res.text).not.toContain('<script>x');
      expect(res.text).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
      expect(res.text).toMatch(/<option value="false" selected>/);
      expect(res.text).toContain('Users found: 0');
    });

    it('shows a bad filter as a 400 page, not a 500', async () => {
      for (const query of ['sort=password', 'q=' + 'x'.repeat(101), 'blocked=maybe', 'group=wizard', 'q=a&q=b']) {
        const res = await admin.get(`/manage/users?${query}`).set('Accept', HTML).expect(400);
        expect(res.text).toContain('class="errors"');
      }
    });

    it('pages with previous, next and page numbers that keep the filters', async () => {
      const rows = Array.from({ length: 120 }, (_, i) => ({
        username: `Bulk${String(i).padStart(3, '0')}`,
        usernameKey: `bulk${String(i).padStart(3, '0')}`,
        email: `bulk${i}@bulk.test`,
        emailVerified: false,
        realName: '',
        passwordHash: 'x',
        registeredAt: new Date(),
        blocked: false,
        locked: false,
      }));
      await t.dataSource.getRepository(User).insert(rows);
      const first = await admin.get('/manage/users').query({ q: 'bulk' }).set('Accept', HTML).expect(200);
      expect(first.text).toContain('Users found: 120');
      expect(first.text).toContain('>Bulk049<');
      expect(first.text).not.toContain('>Bulk050<');
      expect(links(first.text)).toContain('<a href="/manage/users?q=bulk&amp;page=2" rel="next">');
      expect(links(first.text)).toContain('<a href="/manage/users?q=bulk&amp;page=3">3</a>');
      expect(first.text).toContain('<span aria-current="page">1</span>');
      const third = await admin.get('/manage/users').query({ q: 'bulk', page: '3' }).set('Accept', HTML).expect(200);
      expect(third.text).toContain('>Bulk100<');
      expect(links(third.text)).toContain('<a href="/manage/users?q=bulk&amp;page=2" rel="prev">');
      expect(third.text).not.toContain('rel="next"');
    });
  });

  describe('/manage/users/{id}', () => {
    it('shows the groups, the consumers and the authorizations of the user', async () => {
      const res = await admin.get(`/manage/users/${target.id}`).set('Accept', HTML).expect(200);
      expect(res.text).toContain('Target');
      expect(res.text).toContain('target.person@Example.org');
      expect(res.text).toContain(`href="/manage/consumers/${consumerKey}"`);
      expect(res.text).toContain('Target Tool');
      expect(res.text).toMatch(/Grants: basic, editpage/);
      expect(res.text).toContain('name="groups" value="sysop"');
      await admin.get('/manage/users/999999').set('Accept', HTML).expect(404);
      await admin.get('/manage/users/abc').set('Accept', HTML).expect(400);
      await admin.get(`/manage/users/${target.id}/unblock`).set('Accept', HTML).expect(404);
      await admin.get(`/manage/users/${target.id}/__proto__`).set('Accept', HTML).expect(404);
    });

    it('changes groups through the same rules as the API, audited with who did it', async () => {
      const _csrf = await csrf(admin);
      await admin
        .post(`/manage/users/${target.id}/groups`)
        .type('form')
        .send({ _csrf, groups: ['bot', 'oauthadmin'] })
        .expect(303)
        .expect('Location', `/manage/users/${target.id}`);
      const refused = await admin
        .post(`/manage/users/${target.id}/groups`)
        .type('form')
        .send({ _csrf, groups: ['bot', 'wizard'] })
        .expect(400);
      expect(refused.text).toContain('&quot;wizard&quot; is not an assignable group');
      const groups = await t.dataSource.query('SELECT groupName FROM user_groups WHERE userId = ? ORDER BY groupName', [
        target.id,
      ]);
      expect(groups.map((g: { groupName: string }) => g.groupName)).toEqual(['bot', 'oauthadmin']);
      const [audited] = await auditRows('user.changed');
      expect(audited).toMatchObject({ actorName: 'Root', target: `user ${target.id} (Target)` });
      expect(JSON.parse(audited.details!)).toEqual({ groups: ['bot', 'oauthadmin'] });
    });

    it('blocks only through the confirmation page, which looks destructive; blocking ends the sessions', async () => {
      const targetAgent = await loginAgent(t.server, target.username, target.password);
      const user = await admin.get(`/manage/users/${target.id}`).set('Accept', HTML).expect(200);
      expect(user.text).toContain(`<a class="button danger" href="/manage/users/${target.id}/block">`);
      const confirm = await admin.get(`/manage/users/${target.id}/block`).set('Accept', HTML).expect(200);
      expect(confirm.text).toContain('<button type="submit" class="danger">Block</button>');
      expect(confirm.text).toContain('name="confirm" value="yes"');
      const _csrf = csrfTokenOf(confirm.text);
      // Without the confirmation: the confirmation page again, nothing changed.
      const again = await admin.post(`/manage/users/${target.id}/block`).type('form').send({ _csrf }).expect(200);
      expect(again.text).toContain('Block this user?');
      expect((await row(target.id)).blocked).toBe(false);
      await targetAgent.get('/api/v1/users/me').expect(200);

      await admin
        .post(`/manage/users/${target.id}/block`)
        .type('form')
        .send({ _csrf, confirm: 'yes' })
        .expect(303)
        .expect('Location', `/manage/users/${target.id}`);
      expect((await row(target.id)).blocked).toBe(true);
      await targetAgent.get('/api/v1/users/me').expect(401);
      const audited = (await auditRows('user.changed')).map((r) => JSON.parse(r.details!));
      expect(audited).toContainEqual({ blocked: true });
      const page = await admin.get(`/manage/users/${target.id}`).set('Accept', HTML).expect(200);
      expect(page.text).toMatch(/id="user-blocked">yes</);

      await admin.post(`/manage/users/${target.id}/unblock`).type('form').send({ _csrf }).expect(303);
      expect((await row(target.id)).blocked).toBe(false);
    });

    it('locks and unlocks, confirms the email address, audited each time', async () => {
      const _csrf = await csrf(admin);
      await admin.post(`/manage/users/${target.id}/lock`).type('form').send({ _csrf, confirm: 'yes' }).expect(303);
      expect((await row(target.id)).locked).toBe(true);
      await admin.post(`/manage/users/${target.id}/unlock`).type('form').send({ _csrf }).expect(303);
      expect((await row(target.id)).locked).toBe(false);
      const unconfirmed = await makeUser(t.app, { username: 'Unconfirmed', email: 'u@example.org' });
      const page = await admin.get(`/manage/users/${unconfirmed.id}`).set('Accept', HTML).expect(200);
      expect(page.text).toContain(`action="/manage/users/${unconfirmed.id}/confirm-email"`);
      await admin.post(`/manage/users/${unconfirmed.id}/confirm-email`).type('form').send({ _csrf }).expect(303);
      expect((await row(unconfirmed.id)).emailVerified).toBe(true);
      const details = (await auditRows('user.changed')).map((r) => JSON.parse(r.details!));
      expect(details).toEqual(expect.arrayContaining([{ locked: true }, { locked: false }, { emailVerified: true }]));
      await admin.post(`/manage/users/${target.id}/explode`).type('form').send({ _csrf }).expect(404);
    });

    it('ends all sessions after confirmation, audited', async () => {
      const targetAgent = await loginAgent(t.server, target.username, target.password);
      const _csrf = await csrf(admin);
      await admin.post(`/manage/users/${target.id}/end-sessions`).type('form').send({ _csrf }).expect(200);
      await targetAgent.get('/api/v1/users/me').expect(200);
      await admin
        .post(`/manage/users/${target.id}/end-sessions`)
        .type('form')
        .send({ _csrf, confirm: 'yes' })
        .expect(303);
      await targetAgent.get('/api/v1/users/me').expect(401);
      expect(await auditRows('user.sessions_ended')).toEqual([
        { actorName: 'Root', target: `user ${target.id} (Target)`, details: null },
      ]);
    });

    it('lifts a login lockout, audited', async () => {
      const victim = await makeUser(t.app, { username: 'Forgetful' });
      const attempt = async (password: string) => {
        const agent = request.agent(t.server);
        const _csrf = csrfTokenOf((await agent.get('/login')).text);
        return (await agent.post('/login').type('form').send({ _csrf, username: 'Forgetful', password })).status;
      };
      for (let i = 0; i < 3; i += 1) await attempt('wrong-password');
      expect(await attempt(victim.password)).toBe(429);
      const _csrf = await csrf(admin);
      await admin.post(`/manage/users/${victim.id}/lift-lockout`).type('form').send({ _csrf }).expect(303);
      expect(await attempt(victim.password)).toBe(303);
      expect(await auditRows('user.login_unlocked')).toEqual([
        { actorName: 'Root', target: `user ${victim.id} (Forgetful)`, details: null },
      ]);
    });
  });

  describe('/manage/audit', () => {
    it('lists events newest first with filters by actor, event, consumer and time', async () => {
      const audit = t.app.get(AuditLog);
      await audit.record({
        action: 'consumer.secret_reset',
        actor: target,
        target: `consumer ${consumerKey} (Target Tool)`,
      });
      await audit.record({ action: 'oauth2.code_reused', target: `client ${consumerKey}` });
      await audit.record({ action: 'consumer.secret_reset', target: `consumer ${'0'.repeat(32)} (Other)` });

      const byActor = await admin
        .get('/manage/audit')
        .query({ actor: 'Root', event: 'user.changed' })
        .set('Accept', HTML);
      expect(byActor.status).toBe(200);
      expect(byActor.text).toContain('<code>user.changed</code>');
      expect(byActor.text).not.toContain('<code>user.sessions_ended</code>');
      expect(byActor.text).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+Z"/);

      const byConsumer = await admin
        .get('/manage/audit')
        .query({ consumer: consumerKey })
        .set('Accept', HTML)
        .expect(200);
      expect(byConsumer.text).toContain(`consumer ${consumerKey} (Target Tool)`);
      expect(byConsumer.text).toContain(`client ${consumerKey}`);
      expect(byConsumer.text).not.toContain('(Other)');
      const api = await admin.get('/api/v1/audit').query({ consumer: consumerKey }).expect(200);
      expect(api.body.items.map((e: { action: string }) => e.action)).toEqual([
        'oauth2.code_reused',
        'consumer.secret_reset',
      ]);

      const future = await admin
        .get('/manage/audit')
        .query({ from: '2999-01-01T00:00' })
        .set('Accept', HTML)
        .expect(200);
      expect(future.text).toContain('No events match.');
      const past = await admin.get('/manage/audit').query({ to: '2000-01-01T00:00' }).set('Accept', HTML).expect(200);
      expect(past.text).toContain('No events match.');
      const now = await admin
        .get('/manage/audit')
        .query({ from: '2000-01-01T00:00', to: '2999-01-01T00:00' })
        .set('Accept', HTML);
      expect(now.text).toContain('<code>user.changed</code>');
    });

    it('pages to older events and refuses bad filters with a 400 page', async () => {
      const audit = t.app.get(AuditLog);
      for (let i = 0; i < 55; i += 1) await audit.record({ action: 'keys.rotated', target: `signing key k${i}` });
      const first = await admin.get('/manage/audit').query({ event: 'keys.rotated' }).set('Accept', HTML).expect(200);
      expect(first.text).toContain('signing key k54');
      expect(first.text).not.toContain('signing key k4<');
      const next = /href="(\/manage\/audit\?event=keys.rotated&amp;cursor=\d+)" rel="next"/.exec(links(first.text))![1];
      const older = await admin.get(next.replace(/&amp;/g, '&')).set('Accept', HTML).expect(200);
      expect(older.text).toContain('signing key k4<');
      expect(older.text).not.toContain('signing key k54');
      for (const query of ['consumer=nothex', 'from=yesterday', 'event=DROP%20TABLE', 'cursor=-1', 'actor=a&actor=b']) {
        const res = await admin.get(`/manage/audit?${query}`).set('Accept', HTML).expect(400);
        expect(res.text).toContain('class="errors"');
      }
      await admin.get('/api/v1/audit').query({ consumer: 'nothex' }).expect(400);
    });
  });

  it('shows the admin links in the navigation only to those with the rights', async () => {
    const page = await admin.get('/manage/users').set('Accept', HTML);
    expect(page.text).toContain('<a href="/manage/users">Users</a>');
    expect(page.text).toContain('<a href="/manage/audit">Audit log</a>');
    const other = await plain.get('/me/apps').set('Accept', HTML).expect(200);
    expect(other.text).not.toContain('/manage/users');
    expect(other.text).not.toContain('/manage/audit');
  });
});
