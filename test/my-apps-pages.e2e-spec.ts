import TestAgent from 'supertest/lib/agent';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { User } from '../src/users/user.entity';
import { oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const visibleText = (html: string) => html.replace(/<[^>]*>/g, ' ');
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe.each(databaseKinds())('"my authorized apps" pages on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let admin: TestAgent;
  let alice: User;
  let aliceAgent: TestAgent;
  let bobAgent: TestAgent;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, { groups: ['oauthadmin'] });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    const aliceUser = await makeUser(t.app);
    alice = aliceUser;
    aliceAgent = await loginAgent(t.server, aliceUser.username, aliceUser.password);
    const bob = await makeUser(t.app);
    bobAgent = await loginAgent(t.server, bob.username, bob.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const html = (agent: TestAgent, path: string) => agent.get(path).set('Accept', 'text/html');

  /** An approved app that `alice` has authorized; its authorization's id. */
  const authorized = async (overrides: Record<string, unknown>): Promise<number> => {
    const c = await propose(dev, oauth2Proposal(overrides));
    await admin.post(`/api/v1/consumers/${c.consumerKey}/review`).set('If-Match', c.etag).send({ action: 'approve' });
    const consumer = (await t.app.get(ConsumerLookup).findByKey(c.consumerKey))!;
    return (await t.app.get(AuthorizationsService).authorize(alice, consumer)).authorization.id;
  };
  const exists = async (id: number) => (await t.app.get(AuthorizationsService).findById(id)) !== null;

  it('lists each app with its grants as the consent page words them, with their risk, and when', async () => {
    await authorized({ name: 'Risky Helper', grants: ['editpage', 'delete'] });
    await authorized({ name: 'Who Am I', grants: ['mwoauth-authonly'] });
    const page = await html(aliceAgent, '/me/apps').expect(200);
    expect(page.text).toContain('Edit existing pages <span class="risk risk-low">low</span>');
    expect(page.text).toContain('Delete pages, revisions, and log entries <span class="risk risk-vandalism">');
    expect(page.text).not.toContain('Basic rights'); // hidden, as on the consent page
    expect(page.text).toContain('It only learns who you are');
    expect(page.text).toMatch(
      /Authorized <time datetime="[\d-]+T[\d:.]+Z" title="[^"]+ UTC">(now|\d+ seconds? ago)<\/time>/,
    );
    expect(visibleText(page.text)).not.toMatch(ISO_INSTANT);
  });

  it('shows the details the same way, with a destructive link to a confirmation', async () => {
    const id = await authorized({ name: 'Detail App', grants: ['editpage', 'delete'] });
    const page = await html(aliceAgent, `/me/apps/${id}`).expect(200);
    expect(page.text).toContain('Delete pages, revisions, and log entries <span class="risk risk-vandalism">');
    expect(page.text).toContain(`<a class="button danger" href="/me/apps/${id}/revoke">`);
    expect(page.text).not.toContain(`<form method="post" action="/me/apps/${id}/revoke"`);
    expect(visibleText(page.text)).not.toMatch(ISO_INSTANT);
  });

  describe('revoking, confirmed first', () => {
    let id: number;
    beforeAll(async () => {
      id = await authorized({ name: 'Revoke Me' });
    });

    it('shows a confirmation form with a CSRF token and a danger button', async () => {
      const page = await html(aliceAgent, `/me/apps/${id}/revoke`).expect(200);
      expect(page.text).toContain('Revoke access of Revoke Me?');
      expect(page.text).toContain(`<form method="post" action="/me/apps/${id}/revoke"`);
      expect(page.text).toMatch(/<button type="submit" class="danger">Revoke access<\/button>/);
      expect(csrfTokenOf(page.text)).toBeTruthy();
      expect(await exists(id)).toBe(true);
    });

    it("refuses a POST without the CSRF token, and someone else's authorization", async () => {
      await aliceAgent.post(`/me/apps/${id}/revoke`).type('form').send({}).expect(403);
      await html(bobAgent, `/me/apps/${id}/revoke`).expect(404);
      const bobs = await html(bobAgent, '/me/apps').expect(200);
      await bobAgent
        .post(`/me/apps/${id}/revoke`)
        .type('form')
        .send({ _csrf: csrfTokenOf(bobs.text) })
        .expect(404);
      expect(await exists(id)).toBe(true);
    });

    it('revokes, and the list says so once', async () => {
      const page = await html(aliceAgent, `/me/apps/${id}/revoke`).expect(200);
      const res = await aliceAgent
        .post(`/me/apps/${id}/revoke`)
        .type('form')
        .send({ _csrf: csrfTokenOf(page.text) })
        .expect(303);
      expect(res.headers.location).toMatch(/^\/me\/apps\?notice=[A-Za-z0-9_-]{43}$/);
      expect(await exists(id)).toBe(false);
      const list = await html(aliceAgent, res.headers.location).expect(200);
      expect(list.text).toContain('Access revoked: Revoke Me can no longer act for you.');
      expect(list.text).not.toContain('>Revoke Me<');
      expect((await html(aliceAgent, res.headers.location).expect(200)).text).not.toContain('Access revoked');
    });
  });
});
