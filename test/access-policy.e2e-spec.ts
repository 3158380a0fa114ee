import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { Consumer } from '../src/consumers/consumer.entity';
import { ConsumerStage } from '../src/access/consumer-stage';
import { User } from '../src/users/user.entity';
import { oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const EVIL = 'https://evil.example/cb';

/**
 * The three holes the one access policy closed (docs/security.md "Reason codes"): redirects
 * through clients that cannot be trusted, tokens reaching past their grants on the admin API,
 * and reviewers deciding on their own proposals.
 */
describe.each(databaseKinds())('the access policy at every entry point on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let admin: TestAgent;
  let otherAdmin: TestAgent;
  let stranger: TestAgent;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    await t.dataSource.getRepository(User).update(devUser.id, { realName: 'Dee Veloper' });
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, {
      groups: ['oauthadmin'],
      email: 'admin@example.org',
      emailVerified: true,
    });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    const other = await makeUser(t.app, { groups: ['oauthadmin'] });
    otherAdmin = await loginAgent(t.server, other.username, other.password);
    const someone = await makeUser(t.app);
    stranger = await loginAgent(t.server, someone.username, someone.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const review = async (agent: TestAgent, key: string, action: string, expected = 200) => {
    const etag = (await admin.get(`/api/v1/consumers/${key}`).expect(200)).headers.etag;
    return agent
      .post(`/api/v1/consumers/${key}/review`)
      .set('If-Match', etag)
      .send({ action, reason: 'a reason' })
      .expect(expected);
  };

  /** An OAuth 2 consumer of dev's, with a callback an attacker would want, in `stage`. */
  async function consumerIn(
    stage: 'proposed' | 'approved' | 'rejected' | 'expired' | 'disabled' | 'suppressed',
  ): Promise<string> {
    const c = await propose(dev, oauth2Proposal({ callbackUrl: EVIL }));
    if (stage === 'rejected') await review(admin, c.consumerKey, 'reject');
    if (stage === 'approved' || stage === 'disabled') await review(admin, c.consumerKey, 'approve');
    if (stage === 'disabled') await review(admin, c.consumerKey, 'disable');
    // Nothing has read these yet, so no cache holds them: written as the expiry job and a suppressor would.
    if (stage === 'expired')
      await t.dataSource
        .getRepository(Consumer)
        .update({ consumerKey: c.consumerKey }, { stage: ConsumerStage.Expired });
    if (stage === 'suppressed')
      await t.dataSource
        .getRepository(Consumer)
        .update({ consumerKey: c.consumerKey }, { stage: ConsumerStage.Rejected, deleted: true });
    return c.consumerKey;
  }

  const authorize = (agent: TestAgent | undefined, key: string, query = 'response_type=bogus&state=s') =>
    (agent ?? request(t.server)).get(`/oauth2/authorize?client_id=${key}&${query}`).set('Accept', 'text/html');

  describe('never redirects through a client the browser cannot trust (RFC 6749 §4.1.2.1)', () => {
    it.each(['proposed', 'rejected', 'expired', 'disabled', 'suppressed'] as const)(
      "a %s consumer: no redirect to its callback for anyone but a proposed one's owner",
      async (stage) => {
        const key = await consumerIn(stage);
        for (const [who, agent] of [
          ['anonymous', undefined],
          ['a stranger', stranger],
          ['a reviewer', admin],
        ] as const) {
          const res = await authorize(agent, key);
          const location = res.headers.location as string | undefined;
          expect({ who, location: location?.startsWith(EVIL) ?? false }).toEqual({ who, location: false });
          // Anonymous before a proposed consumer: the login page (the owner may be the one logging
          // in); otherwise our own page.
          if (agent === undefined && stage === 'proposed') expect(location).toMatch(/^\/login\?returnTo=/);
          else expect({ who, status: res.status }).toEqual({ who, status: stage === 'suppressed' ? 400 : 403 });
        }
        const owner = await authorize(dev, key);
        if (stage === 'proposed') {
          // MediaWiki's one exception: the owner tests their own pending app, errors and all.
          expect(owner.status).toBe(303);
          expect(new URL(owner.headers.location).searchParams.get('error')).toBe('unsupported_response_type');
        } else {
          expect(owner.status).toBeGreaterThanOrEqual(400);
          expect(owner.headers.location).toBeUndefined();
        }
      },
    );

    it('an approved consumer is trusted: protocol errors go back to it, for anyone', async () => {
      const key = await consumerIn('approved');
      const res = await authorize(undefined, key).expect(303);
      expect(res.headers.location).toMatch(/^https:\/\/evil\.example\/cb\?error=unsupported_response_type/);
    });

    it('an owner-only consumer has no browser flow, and an unknown one gets a page', async () => {
      const mine = await dev
        .post('/api/v1/consumers')
        .send({
          oauthVersion: 2,
          name: 'Script',
          description: 'x',
          grants: ['editpage'],
          ownerOnly: true,
          agreement: true,
        })
        .expect(201);
      for (const agent of [undefined, stranger, dev]) {
        const res = await authorize(agent, mine.body.consumerKey, 'response_type=code');
        expect(res.status).toBe(400);
        expect(res.headers.location).toBeUndefined();
      }
      expect(
        (await authorize(stranger, '0123456789abcdef0123456789abcdef').expect(400)).headers.location,
      ).toBeUndefined();
    });
  });

  describe("a token's grants bound the admin API", () => {
    const bearer = (token: string, path: string) => request(t.server).get(path).set('Authorization', `Bearer ${token}`);
    const ownerOnlyToken = async (grants: string[]) =>
      (
        await dev
          .post('/api/v1/consumers')
          .send({
            oauthVersion: 2,
            name: `Script ${grants.join(' ')}`,
            description: 'x',
            grants,
            ownerOnly: true,
            agreement: true,
          })
          .expect(201)
      ).body.accessToken as string;

    it("a basic-only token sees no email, real name, rights beyond its grants or the user's consumers", async () => {
      const token = await ownerOnlyToken(['basic']);
      const me = await bearer(token, '/api/v1/users/me').expect(200);
      expect(me.body).not.toHaveProperty('email');
      expect(me.body).not.toHaveProperty('realName');
      expect(me.body.rights).toContain('read');
      expect(me.body.rights).not.toContain('mwoauthproposeconsumer');
      for (const path of ['/api/v1/consumers/mine', '/w/rest.php/oauth2/client']) {
        const res = await bearer(token, path).expect(403);
        expect(res.body.error).toBe('insufficient_scope');
        expect(res.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
        expect(JSON.stringify(res.body)).not.toContain('dev@example.org');
      }
    });

    it('an identity-only token reaches identity endpoints only', async () => {
      const token = await ownerOnlyToken(['mwoauth-authonly']);
      const me = await bearer(token, '/api/v1/users/me').expect(200);
      expect(me.body).not.toHaveProperty('email');
      expect(me.body.rights).toEqual([]);
      expect((await bearer(token, '/oauth2/resource/profile').expect(200)).body.username).toBeDefined();
      for (const path of ['/api/v1/consumers/mine', '/w/rest.php/oauth2/client', '/api/v1/me/authorizations']) {
        expect((await bearer(token, path).expect(403)).body.error).toBe('insufficient_scope');
      }
    });

    it("grants that carry them open the user's private data and consumers; a session is not bounded", async () => {
      const token = await ownerOnlyToken(['privateinfo', 'oauthmanageownclient']);
      const me = await bearer(token, '/api/v1/users/me').expect(200);
      expect(me.body).toMatchObject({ email: 'dev@example.org', realName: 'Dee Veloper' });
      expect(me.body.rights).toContain('mwoauthproposeconsumer');
      expect((await bearer(token, '/api/v1/consumers/mine').expect(200)).body.items.length).toBeGreaterThan(0);
      expect((await bearer(token, '/w/rest.php/oauth2/client').expect(200)).body.total).toBeGreaterThan(0);
      const session = await dev.get('/api/v1/users/me').expect(200);
      expect(session.body).toMatchObject({ email: 'dev@example.org', realName: 'Dee Veloper' });
      expect(session.body.rights).toContain('mwoauthproposeconsumer');
    });
  });

  describe('four eyes on review', () => {
    it('a reviewer cannot approve, reject, disable or re-enable their own proposal; another reviewer can', async () => {
      const mine = await propose(admin, oauth2Proposal({ grants: ['editpage', 'delete'] }));
      expect((await review(admin, mine.consumerKey, 'approve', 403)).body.error).toBe('self_review');
      expect((await review(admin, mine.consumerKey, 'reject', 403)).body.error).toBe('self_review');
      await review(otherAdmin, mine.consumerKey, 'approve');
      expect((await review(admin, mine.consumerKey, 'disable', 403)).body.error).toBe('self_review');
      await review(otherAdmin, mine.consumerKey, 'disable');
      expect((await review(admin, mine.consumerKey, 'reenable', 403)).body.error).toBe('self_review');
      expect((await admin.get(`/api/v1/consumers/${mine.consumerKey}`).expect(200)).body.stageName).toBe('disabled');
    });

    it('the review page refuses it too, and changes nothing', async () => {
      const mine = await propose(admin, oauth2Proposal());
      const page = await admin.get(`/manage/consumers/${mine.consumerKey}`).expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1];
      const res = await admin
        .post(`/manage/consumers/${mine.consumerKey}`)
        .type('form')
        .send({ _csrf: csrf, revision, action: 'approve', reason: 'mine' });
      expect(res.status).toBe(403);
      expect((await admin.get(`/api/v1/consumers/${mine.consumerKey}`).expect(200)).body.stageName).toBe('proposed');
    });
  });
});

describe.each(databaseKinds())('ALLOW_SELF_REVIEW on %s', (kind) => {
  it('lets a single administrator review their own proposal', async () => {
    const t = await createTestApp(kind, { ALLOW_SELF_REVIEW: 'true' });
    try {
      const user = await makeUser(t.app, { groups: ['oauthadmin'], email: 'solo@example.org', emailVerified: true });
      const solo = await loginAgent(t.server, user.username, user.password);
      const mine = await propose(solo, oauth2Proposal());
      await solo
        .post(`/api/v1/consumers/${mine.consumerKey}/review`)
        .set('If-Match', mine.etag)
        .send({ action: 'approve', reason: 'ok' })
        .expect(200);
      // On the review page too, which says the owner (the reviewer) was not mailed, and why.
      const other = await propose(solo, oauth2Proposal());
      const page = await solo.get(`/manage/consumers/${other.consumerKey}`).expect(200);
      const decided = await solo
        .post(`/manage/consumers/${other.consumerKey}`)
        .type('form')
        .send({
          _csrf: csrfTokenOf(page.text),
          action: 'approve',
          revision: /name="revision" value="(\d+)"/.exec(page.text)![1],
        })
        .expect(303);
      const after = await solo.get(decided.headers.location).expect(200);
      expect(after.text).toContain('Approved.');
      expect(after.text).toContain('You own this application, so no mail was sent.');
      expect(t.mail.sent.filter((m) => m.to === 'solo@example.org')).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
