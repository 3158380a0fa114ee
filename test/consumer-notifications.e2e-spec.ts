import { User } from '../src/users/user.entity';
import { etagOf, oauth1Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('consumer notifications on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { NOTIFY_GROUPS: 'oauthadmin' });
  });
  afterAll(async () => {
    await t.close();
  });

  it("mails confirmed reviewers the review page's address, never an unconfirmed address", async () => {
    await makeUser(t.app, { groups: ['oauthadmin'], email: 'confirmed-admin@example.org', emailVerified: true });
    await makeUser(t.app, { groups: ['oauthadmin'], email: 'unconfirmed-admin@example.org', emailVerified: false });
    const owner = await makeUser(t.app, { email: 'notify-owner@example.org', emailVerified: true });
    const agent = await loginAgent(t.server, owner.username, owner.password);

    const { consumerKey: key } = await propose(agent, oauth1Proposal());

    const mail = t.mail.lastTo('confirmed-admin@example.org');
    expect(mail?.text).toContain(`http://consentry.test/manage/consumers/${key}`);
    expect(mail?.text).not.toContain('/api/v1/');
    expect(t.mail.lastTo('unconfirmed-admin@example.org')).toBeUndefined();
  });

  it('tells an owner of a decision only at a confirmed address', async () => {
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    const review = async (address: string, confirmed: boolean) => {
      // Proposing needs a confirmed address (REQUIRE_CONFIRMED_EMAIL); it may be unconfirmed later
      // (a changed address awaiting confirmation).
      const owner = await makeUser(t.app, { email: address, emailVerified: true });
      const agent = await loginAgent(t.server, owner.username, owner.password);
      const { consumerKey } = await propose(agent, oauth1Proposal());
      if (!confirmed) await t.dataSource.getRepository(User).update({ id: owner.id }, { emailVerified: false });
      const etag = await etagOf(adminAgent, consumerKey);
      await adminAgent
        .post(`/api/v1/consumers/${consumerKey}/review`)
        .set('If-Match', etag)
        .send({ action: 'approve', reason: 'Fine' })
        .expect(200);
    };
    await review('decided-confirmed@example.org', true);
    expect(t.mail.lastTo('decided-confirmed@example.org')?.subject).toMatch(/was approved/);
    await review('decided-unconfirmed@example.org', false);
    expect(t.mail.lastTo('decided-unconfirmed@example.org')).toBeUndefined();
  });
});
