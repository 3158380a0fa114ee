import TestAgent from 'supertest/lib/agent';
import { oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** The page's text without tags or attributes: what a reader sees. */
const visibleText = (html: string) => html.replace(/<[^>]*>/g, ' ');
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const revisionOf = (html: string) => /name="revision" value="(\d+)"/.exec(html)![1];

describe.each(databaseKinds())('review pages on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let devName: string;
  let admin: TestAgent;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    devName = devUser.username;
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, {
      groups: ['oauthadmin'],
      email: 'admin@example.org',
      emailVerified: true,
    });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const html = (agent: TestAgent, path: string) => agent.get(path).set('Accept', 'text/html');
  const stageOf = async (key: string) => (await admin.get(`/api/v1/consumers/${key}`).expect(200)).body.stageName;
  /** Posts the review form as a browser would: its CSRF token and the revision the reviewer saw. */
  const decide = async (key: string, fields: Record<string, string>, status: number) => {
    let page = await html(admin, `/manage/consumers/${key}`).expect(200);
    // An approved consumer's review page has no form (disabling has its own page): take the revision there.
    if (!page.text.includes('name="revision"'))
      page = await html(admin, `/manage/consumers/${key}/disable`).expect(200);
    return admin
      .post(`/manage/consumers/${key}`)
      .type('form')
      .send({ _csrf: csrfTokenOf(page.text), revision: revisionOf(page.text), ...fields })
      .expect(status);
  };

  describe('deciding', () => {
    let older: string;
    let newer: string;

    beforeAll(async () => {
      older = (await propose(dev, oauth2Proposal({ name: 'Queue Older', grants: ['editpage', 'delete'] }))).consumerKey;
      newer = (await propose(dev, oauth2Proposal({ name: 'Queue Newer' }))).consumerKey;
      // The admin's own proposal is never "next" for them: another reviewer must take it.
      await propose(admin, oauth2Proposal({ name: 'Admin Own' }));
    });

    it("words each requested grant as the consent page does, with its risk; lists the owner's other apps", async () => {
      const page = await html(admin, `/manage/consumers/${older}`).expect(200);
      expect(page.text).toContain('Edit existing pages <span class="risk risk-low">low</span>');
      expect(page.text).toMatch(/Delete pages, revisions, and log entries <span class="risk risk-vandalism">/);
      expect(page.text).toContain(`Also registered by ${devName}`);
      expect(page.text).toContain(`<a href="/manage/consumers/${newer}">Queue Newer`);
      expect(page.text).not.toContain('Admin Own');
      // Disabling is not on the review form; a proposal cannot be disabled at all.
      expect(page.text).not.toContain('value="disable"');
      expect(page.text).not.toContain('/disable"');
    });

    it('approves without a reason, says so, says the owner was mailed, and links the oldest waiting item', async () => {
      const res = await decide(newer, { action: 'approve', reason: '' }, 303);
      const location = res.headers.location;
      expect(location).toMatch(new RegExp(`^/manage/consumers/${newer}\\?notice=[A-Za-z0-9_-]{43}$`));
      expect(await stageOf(newer)).toBe('approved');
      const mail = t.mail.lastTo('dev@example.org')!;
      expect(mail.subject).toContain('approved');
      expect(mail.text).not.toContain('Reason:');

      const after = await html(admin, location).expect(200);
      expect(after.text).toContain('Approved. The owner was told by mail.');
      expect(after.text).toMatch(
        new RegExp(`<a href="/manage/consumers/${older}" rel="next">Next in the queue: Queue Older`),
      );
      // Shown once: a reload (or someone else's link) says nothing.
      expect((await html(admin, location).expect(200)).text).not.toContain('Approved.');
      expect((await html(dev, location).expect(403)).text).not.toContain('Approved.');
    });

    it('refuses to reject without a reason, on the page and through the API, and changes nothing', async () => {
      const page = await decide(older, { action: 'reject', reason: '   ' }, 400);
      expect(page.text).toContain('class="errors"');
      const etag = (await admin.get(`/api/v1/consumers/${older}`).expect(200)).headers.etag;
      const api = await admin
        .post(`/api/v1/consumers/${older}/review`)
        .set('If-Match', etag)
        .send({ action: 'reject' })
        .expect(400);
      expect(api.body.details).toEqual([{ field: 'reason', message: 'is required' }]);
      expect(await stageOf(older)).toBe('proposed');
    });

    it('rejects with a reason; with nothing else waiting, the page says the queue is empty', async () => {
      const res = await decide(older, { action: 'reject', reason: 'Asks for far too much.' }, 303);
      const after = await html(admin, res.headers.location).expect(200);
      expect(after.text).toContain('Rejected. The owner was told by mail.');
      expect(after.text).toContain('The queue is empty');
      expect(t.mail.lastTo('dev@example.org')!.text).toContain('Reason: Asks for far too much.');
    });

    it('approves without a reason through the API too (one rule for both)', async () => {
      const c = await propose(dev, oauth2Proposal());
      const res = await admin
        .post(`/api/v1/consumers/${c.consumerKey}/review`)
        .set('If-Match', c.etag)
        .send({ action: 'approve' })
        .expect(200);
      expect(res.body.stageName).toBe('approved');
      const log = await admin.get(`/api/v1/consumers/${c.consumerKey}/log`).expect(200);
      expect(log.body.items[0]).toMatchObject({ action: 'approve', reason: '' });
    });
  });

  describe('disabling, confirmed on a page of its own', () => {
    let key: string;

    beforeAll(async () => {
      const c = await propose(dev, oauth2Proposal({ name: 'To Be Disabled' }));
      key = c.consumerKey;
      await admin.post(`/api/v1/consumers/${key}/review`).set('If-Match', c.etag).send({ action: 'approve' });
    });

    it('links the confirmation from the review page, styled destructive', async () => {
      const page = await html(admin, `/manage/consumers/${key}`).expect(200);
      expect(page.text).toContain(`<a class="button danger" href="/manage/consumers/${key}/disable">`);
    });

    it('refuses a disable posted to the review form', async () => {
      await decide(key, { action: 'disable', reason: 'Abuse' }, 400);
      expect(await stageOf(key)).toBe('approved');
    });

    it('shows a form with a CSRF token and a danger button; refuses a POST without the token', async () => {
      const page = await html(admin, `/manage/consumers/${key}/disable`).expect(200);
      expect(page.text).toContain(`action="/manage/consumers/${key}/disable"`);
      expect(page.text).toMatch(/<button type="submit" class="danger">/);
      await admin
        .post(`/manage/consumers/${key}/disable`)
        .type('form')
        .send({ revision: revisionOf(page.text), reason: 'Abuse' })
        .expect(403);
      expect(await stageOf(key)).toBe('approved');
    });

    it('needs a reason, then disables and says so', async () => {
      const page = await html(admin, `/manage/consumers/${key}/disable`).expect(200);
      const form = { _csrf: csrfTokenOf(page.text), revision: revisionOf(page.text) };
      const bare = await admin
        .post(`/manage/consumers/${key}/disable`)
        .type('form')
        .send({ ...form, reason: '' })
        .expect(400);
      expect(bare.text).toContain('class="errors"');
      expect(await stageOf(key)).toBe('approved');
      const res = await admin
        .post(`/manage/consumers/${key}/disable`)
        .type('form')
        .send({ ...form, reason: 'Abuse report' })
        .expect(303);
      expect(await stageOf(key)).toBe('disabled');
      const after = await html(admin, res.headers.location).expect(200);
      expect(after.text).toContain('Disabled. The owner was told by mail.');
    });

    it('is for reviewers only', async () => {
      await html(dev, `/manage/consumers/${key}/disable`).expect(403);
    });
  });

  describe('the list: search, stage, pages and a count', () => {
    beforeAll(async () => {
      for (const name of ['Alpha_1', 'AlphaX1', '100% Tool', '100X Tool']) await propose(dev, oauth2Proposal({ name }));
      for (let i = 0; i < 23; i++) await propose(dev, oauth2Proposal({ name: `Paged ${String(i).padStart(2, '0')}` }));
    });

    const names = (page: string) =>
      [...page.matchAll(/<strong>([^<]+)<\/strong> <span class="version">/g)].map((m) => m[1]);

    it('takes % and _ literally, and ignores case', async () => {
      const underscore = await html(admin, '/manage/consumers?stage=any&q=ALPHA_1').expect(200);
      expect(names(underscore.text)).toEqual(['Alpha_1']);
      expect(underscore.text).toContain('Applications found: 1');
      const percent = await html(admin, `/manage/consumers?stage=any&q=${encodeURIComponent('0%')}`).expect(200);
      expect(names(percent.text)).toEqual(['100% Tool']);
    });

    it('finds by owner, within a stage', async () => {
      const approved = await html(admin, `/manage/consumers?stage=approved&q=${devName}`).expect(200);
      expect(names(approved.text).sort()).toEqual(expect.arrayContaining(['Queue Newer']));
      expect(names(approved.text)).not.toContain('Paged 00');
      expect(approved.text).toContain('<option value="approved" selected>');
    });

    it('pages the proposed queue oldest first, with numbers, previous and next', async () => {
      const first = await html(admin, '/manage/consumers?stage=proposed&q=paged').expect(200);
      expect(first.text).toContain('Applications found: 23');
      expect(first.text).toContain('Page 1 of 2');
      expect(names(first.text)).toHaveLength(20);
      expect(names(first.text)[0]).toBe('Paged 00');
      expect(first.text).toContain(
        '<a href="/manage/consumers?stage&#x3D;proposed&amp;q&#x3D;paged&amp;page&#x3D;2" rel="next">',
      );
      const second = await html(admin, '/manage/consumers?stage=proposed&q=paged&page=2').expect(200);
      expect(names(second.text)).toEqual(['Paged 20', 'Paged 21', 'Paged 22']);
      expect(second.text).toContain('<strong aria-current="page">2</strong>');
      expect(second.text).toContain('rel="prev"');
      expect(second.text).not.toContain('rel="next"');
    });

    it('keeps the old stage addresses and the queue counts', async () => {
      const stage = await html(admin, '/manage/consumers/stage/proposed?q=paged&page=2').expect(200);
      expect(names(stage.text)).toHaveLength(3);
    });

    it.each([
      ['page=0'],
      ['page=abc'],
      ['page=1&page=2'],
      ['q=a&q=b'],
      [`q=${'x'.repeat(129)}`],
      ['stage=nonsense'],
      ['stage=constructor'],
    ])('refuses %s with a 400', async (query) => {
      await html(admin, `/manage/consumers?${query}`).expect(400);
    });
  });

  it('shows times as <time datetime> in words, never a bare ISO string', async () => {
    const c = await propose(dev, oauth2Proposal({ name: 'Timed App' }));
    for (const path of [`/manage/consumers/${c.consumerKey}`, '/manage/consumers?stage=any']) {
      const page = await html(admin, path).expect(200);
      expect(page.text).toMatch(
        /<time datetime="\d{4}-\d{2}-\d{2}T[\d:.]+Z" title="[^"]+ UTC">(now|\d+ seconds? ago)<\/time>/,
      );
      expect(visibleText(page.text)).not.toMatch(ISO_INSTANT);
    }
  });
});
