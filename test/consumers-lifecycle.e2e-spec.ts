import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { Consumer } from '../src/consumers/consumer.entity';
import { ConsumerExpiry } from '../src/consumers/consumer-expiry.service';
import { etagOf, oauth1Proposal, oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** An RSA public key of `bits` bits, built from its numbers (generating a real 8192-bit pair takes seconds). */
function rsaPublicKeyOf(bits: number): string {
  const n = randomBytes(bits / 8);
  n[0] |= 0x80;
  n[n.length - 1] |= 1;
  return createPublicKey({ key: { kty: 'RSA', n: n.toString('base64url'), e: 'AQAB' }, format: 'jwk' }).export({
    type: 'spki',
    format: 'pem',
  }) as string;
}

describe.each(databaseKinds())('consumer lifecycle on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let devId: number;
  let admin: TestAgent;
  let suppressor: TestAgent;
  let other: TestAgent;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    devId = devUser.id;
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, {
      groups: ['oauthadmin'],
      email: 'admin@example.org',
      emailVerified: true,
    });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    const suppressUser = await makeUser(t.app, { groups: ['oauthadmin', 'suppress'] });
    suppressor = await loginAgent(t.server, suppressUser.username, suppressUser.password);
    const otherUser = await makeUser(t.app, { email: 'other@example.org', emailVerified: true });
    other = await loginAgent(t.server, otherUser.username, otherUser.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const review = (agent: TestAgent, key: string, etag: string, body: Record<string, unknown>) =>
    agent.post(`/api/v1/consumers/${key}/review`).set('If-Match', etag).send(body);

  it('proposes an OAuth 2 consumer: 201, the secret once, an ETag, a log entry, mail to the admins', async () => {
    const res = await dev
      .post('/api/v1/consumers')
      .send(oauth2Proposal({ name: 'Citation Bot' }))
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Citation Bot',
      version: '1.0',
      oauthVersion: 2,
      stage: 0,
      stageName: 'proposed',
      grants: ['basic', 'editpage'],
      owner: { id: devId },
      email: 'dev@example.org',
      restrictions: ['0.0.0.0/0', '::/0'],
      oauth2IsConfidential: true,
      oauth2GrantTypes: ['authorization_code', 'refresh_token'],
      suppressed: false,
      hiddenFields: [],
    });
    expect(res.body.consumerKey).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.etag).toBe('"r1"');
    const again = await dev.get(`/api/v1/consumers/${res.body.consumerKey}`).expect(200);
    expect(again.body.secret).toBeUndefined();
    const log = await request(t.server).get(`/api/v1/consumers/${res.body.consumerKey}/log`).expect(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        action: 'propose',
        performer: { id: devId, username: expect.any(String) },
        reason: 'Does useful things.',
      }),
    ]);
    expect(t.mail.lastTo('admin@example.org')?.subject).toContain('Citation Bot [1.0]');
  });

  it('requires a confirmed email, and the account email as contact', async () => {
    const unconfirmed = await makeUser(t.app, { email: 'u@example.org' });
    const agent = await loginAgent(t.server, unconfirmed.username, unconfirmed.password);
    const res = await agent.post('/api/v1/consumers').send(oauth2Proposal()).expect(403);
    expect(res.body.error).toBe('email_not_confirmed');
    const mismatch = await dev
      .post('/api/v1/consumers')
      .send(oauth2Proposal({ email: 'someone-else@example.org' }))
      .expect(400);
    expect(mismatch.body.error).toBe('email_mismatched');
  });

  it('needs a session, which a blocked user cannot get (a block also removes mwoauthproposeconsumer)', async () => {
    const before = await count('consumers');
    await request(t.server).post('/api/v1/consumers').send(oauth2Proposal()).expect(401);
    const blocked = await makeUser(t.app, { email: 'b@example.org', emailVerified: true });
    const agent = await loginAgent(t.server, blocked.username, blocked.password);
    await t.dataSource.query('UPDATE users SET blocked = 1 WHERE id = ?', [blocked.id]);
    await agent.post('/api/v1/consumers').send(oauth2Proposal()).expect(401);
    await expect(loginAgent(t.server, blocked.username, blocked.password)).rejects.toThrow(
      /expected 303 "See Other", got 403/,
    );
    expect(await count('consumers')).toBe(before);
  });

  it.each([
    [{ oauthVersion: 3 }, 'oauthVersion'],
    [{ name: '' }, 'name'],
    [{ name: 'x'.repeat(129) }, 'name'],
    [{ version: 'not a version' }, 'version'],
    [{ callbackUrl: 'http://app.example.org/cb' }, 'callbackUrl'],
    [{ callbackUrl: 'javascript:alert(1)' }, 'callbackUrl'],
    [{ callbackUrl: 'https://user:pw@app.example.org/cb' }, 'callbackUrl'],
    [{ callbackUrl: undefined }, 'callbackUrl'],
    [{ grants: ['editpage', 'nonsense'] }, 'grants'],
    [{ grants: ['mwoauth-authonly', 'editpage'] }, 'grants'],
    [{ grants: 'editpage' }, 'grants'],
    [{ agreement: false }, 'agreement'],
    [{ restrictions: ['10.0.0.0/33'] }, 'restrictions'],
    [{ restrictions: [] }, 'restrictions'],
    [{ oauth2GrantTypes: ['implicit'] }, 'oauth2GrantTypes'],
    [{ oauth2GrantTypes: ['client_credentials'], oauth2IsConfidential: false }, 'oauth2GrantTypes'],
    [{ rsaKey: 'not a key' }, 'rsaKey'],
    [{ callbackIsPrefix: true }, 'callbackIsPrefix'],
    [{ unknownField: 1 }, 'unknownField'],
  ])('refuses %p naming %s, writing nothing', async (overrides, field) => {
    const before = await count('consumers');
    const res = await dev.post('/api/v1/consumers').send(oauth2Proposal(overrides)).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await count('consumers')).toBe(before);
  });

  it('treats warnings as errors unless ignoreWarnings is set', async () => {
    const body = oauth2Proposal({ callbackUrl: 'https://bare.example.org' });
    const warned = await dev.post('/api/v1/consumers').send(body).expect(400);
    expect(warned.body.error).toBe('validation_warnings');
    expect(warned.body.details[0]).toMatchObject({
      field: 'callbackUrl',
      code: 'mwoauth-error-callback-bare-domain-oauth2',
    });
    await dev
      .post('/api/v1/consumers')
      .send({ ...body, ignoreWarnings: true })
      .expect(201);
  });

  it('keeps name + version unique per owner and versions increasing', async () => {
    await propose(dev, oauth2Proposal({ name: 'Versioned', version: '1.0' }));
    await propose(dev, oauth2Proposal({ name: 'Versioned', version: '1.10' }));
    const dup = await dev
      .post('/api/v1/consumers')
      .send(oauth2Proposal({ name: 'Versioned', version: '1.10' }))
      .expect(409);
    expect(dup.body.error).toBe('consumer_exists');
    const lower = await dev
      .post('/api/v1/consumers')
      .send(oauth2Proposal({ name: 'Versioned', version: '1.9' }))
      .expect(409);
    expect(lower.body).toMatchObject({
      error: 'consumer_version_not_greater',
      message: expect.stringContaining('1.10'),
    });
    // Another owner may use the same name and version.
    await propose(other, oauth2Proposal({ name: 'Versioned', version: '1.0' }));
  });

  it('walks approve → disable → re-enable, each logged, with optimistic concurrency', async () => {
    const c = await propose(dev, oauth2Proposal());
    await review(admin, c.consumerKey, c.etag, { action: 'reject' }).expect(400); // a rejection needs a reason
    await admin.post(`/api/v1/consumers/${c.consumerKey}/review`).send({ action: 'approve', reason: 'ok' }).expect(428);
    await review(admin, c.consumerKey, '"r99"', { action: 'approve', reason: 'ok' }).expect(412);
    const approved = await review(admin, c.consumerKey, c.etag, { action: 'approve', reason: 'Looks fine' }).expect(
      200,
    );
    expect(approved.body).toMatchObject({ stage: 1, stageName: 'approved' });
    expect(approved.headers.etag).toBe('"r2"');
    await review(admin, c.consumerKey, c.etag, { action: 'disable', reason: 'stale etag' }).expect(412);
    const rejected = await review(admin, c.consumerKey, approved.headers.etag, {
      action: 'reject',
      reason: 'too late',
    }).expect(409);
    expect(rejected.body.error).toBe('not_proposed');
    const disabled = await review(admin, c.consumerKey, approved.headers.etag, {
      action: 'disable',
      reason: 'Abuse report',
    }).expect(200);
    expect(disabled.body.stageName).toBe('disabled');
    await review(admin, c.consumerKey, disabled.headers.etag, { action: 'approve', reason: 'x' }).expect(409);
    const reenabled = await review(admin, c.consumerKey, disabled.headers.etag, {
      action: 'reenable',
      reason: 'Fixed',
    }).expect(200);
    expect(reenabled.body.stageName).toBe('approved');
    const log = await request(t.server).get(`/api/v1/consumers/${c.consumerKey}/log`).expect(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
      'reenable',
      'disable',
      'approve',
      'propose',
    ]);
    expect(t.mail.lastTo('dev@example.org')?.subject).toContain('re-enabled');
  });

  it("shows reviewers the hub and each stage's page; an unknown stage is 404, a non-reviewer is refused", async () => {
    const c = await propose(dev, oauth2Proposal({ name: 'Hub listed app' }));
    const hub = await admin.get('/manage/consumers').set('Accept', 'text/html').expect(200);
    expect(hub.text).toContain('Hub listed app');
    const approvedFirst = await review(admin, c.consumerKey, c.etag, { action: 'approve', reason: 'Listed' }).expect(
      200,
    );
    expect(approvedFirst.body.stageName).toBe('approved');
    const approved = await admin.get('/manage/consumers/stage/approved').set('Accept', 'text/html').expect(200);
    expect(approved.text).toContain('Hub listed app');
    expect(
      (await admin.get('/manage/consumers/stage/proposed').set('Accept', 'text/html').expect(200)).text,
    ).not.toContain('Hub listed app');
    await admin.get('/manage/consumers/stage/nonsense').set('Accept', 'text/html').expect(404);
    await other.get('/manage/consumers/stage/approved').set('Accept', 'text/html').expect(403);
  });

  it('lets reviewers reject, and only reviewers', async () => {
    const c = await propose(dev, oauth2Proposal());
    const res = await review(other, c.consumerKey, c.etag, { action: 'reject', reason: 'mine now' }).expect(403);
    expect(res.body.message).toContain('mwoauthmanageconsumer');
    await review(dev, c.consumerKey, c.etag, { action: 'approve', reason: 'self-approval' }).expect(403);
    const rejected = await review(admin, c.consumerKey, c.etag, {
      action: 'reject',
      reason: 'Grants do not match the description',
    }).expect(200);
    expect(rejected.body.stageName).toBe('rejected');
    // A rejected proposal can still be approved later (docs/mediawiki-compatibility.md#stages).
    await review(admin, c.consumerKey, rejected.headers.etag, { action: 'approve', reason: 'Clarified' }).expect(200);
  });

  it('suppresses: only with mwoauthsuppress, and then the consumer vanishes for everyone else', async () => {
    const c = await propose(dev, oauth2Proposal({ name: 'Spam App' }));
    const denied = await review(admin, c.consumerKey, c.etag, {
      action: 'reject',
      reason: 'spam',
      suppress: true,
    }).expect(403);
    expect(denied.body.message).toContain('mwoauthsuppress');
    await review(suppressor, c.consumerKey, c.etag, { action: 'reject', reason: 'Spam', suppress: true }).expect(200);
    for (const agent of [request(t.server), dev, admin, other]) {
      await agent.get(`/api/v1/consumers/${c.consumerKey}`).expect(404);
      await agent.get(`/api/v1/consumers/${c.consumerKey}/log`).expect(404);
    }
    const list = await admin.get('/api/v1/consumers?stage=any&limit=100').expect(200);
    expect(list.body.items.map((i: { consumerKey: string }) => i.consumerKey)).not.toContain(c.consumerKey);
    const log = await request(t.server).get(`/api/v1/consumer-log?consumerKey=${c.consumerKey}`).expect(200);
    expect(log.body.items).toEqual([]);
    const seen = await suppressor.get(`/api/v1/consumers/${c.consumerKey}`).expect(200);
    expect(seen.body.suppressed).toBe(true);
    // Un-suppressing needs the right too; an ordinary reviewer cannot touch it at all.
    await review(admin, c.consumerKey, seen.headers.etag, { action: 'approve', reason: 'x' }).expect(404);
    await review(suppressor, c.consumerKey, seen.headers.etag, { action: 'approve', reason: 'Was a mistake' }).expect(
      200,
    );
    await request(t.server).get(`/api/v1/consumers/${c.consumerKey}`).expect(200);
  });

  it('keeps a suppressing log entry hidden after un-suppression (by the entry, not the consumer)', async () => {
    const c = await propose(dev, oauth2Proposal({ name: 'Once hidden' }));
    const approved = await review(admin, c.consumerKey, c.etag, { action: 'approve', reason: 'ok' }).expect(200);
    const hidden = await review(suppressor, c.consumerKey, approved.headers.etag, {
      action: 'disable',
      reason: 'Doxxing: see ticket 4711',
      suppress: true,
    }).expect(200);
    await review(suppressor, c.consumerKey, hidden.headers.etag, { action: 'reenable', reason: 'Cleared' }).expect(200);
    const shown = ['reenable', 'approve', 'propose'];
    for (const agent of [request(t.server), dev, admin, other]) {
      const own = await agent.get(`/api/v1/consumers/${c.consumerKey}/log`).expect(200);
      const all = await agent.get(`/api/v1/consumer-log?consumerKey=${c.consumerKey}`).expect(200);
      const byAction = await agent.get(`/api/v1/consumer-log?action=disable&limit=100`).expect(200);
      for (const page of [own, all]) expect(page.body.items.map((e: { action: string }) => e.action)).toEqual(shown);
      expect(JSON.stringify([own.body, all.body, byAction.body])).not.toContain('ticket 4711');
    }
    // Holders of mwoauthviewsuppressed still see it, with its reason and performer.
    const full = await suppressor.get(`/api/v1/consumers/${c.consumerKey}/log`).expect(200);
    expect(full.body.items[1]).toMatchObject({
      action: 'disable',
      suppressed: true,
      reason: 'Doxxing: see ticket 4711',
      performer: expect.any(Object),
    });
  });

  it('lets the owner change restrictions and the RSA key, logged, and nobody else', async () => {
    const c = await propose(dev, oauth1Proposal());
    await other
      .patch(`/api/v1/consumers/${c.consumerKey}`)
      .set('If-Match', c.etag)
      .send({ restrictions: ['10.0.0.0/8'], reason: 'x' })
      .expect(403);
    await admin
      .patch(`/api/v1/consumers/${c.consumerKey}`)
      .set('If-Match', c.etag)
      .send({ restrictions: ['10.0.0.0/8'], reason: 'x' })
      .expect(403);
    await dev
      .patch(`/api/v1/consumers/${c.consumerKey}`)
      .set('If-Match', c.etag)
      .send({ restrictions: ['10.0.0.0/8'] })
      .expect(400);
    await dev
      .patch(`/api/v1/consumers/${c.consumerKey}`)
      .set('If-Match', c.etag)
      .send({ name: 'renamed', reason: 'x' })
      .expect(400);
    const res = await dev
      .patch(`/api/v1/consumers/${c.consumerKey}`)
      .set('If-Match', c.etag)
      .send({ restrictions: ['10.1.2.3/8', '2001:db8::1'], reason: 'New servers' })
      .expect(200);
    expect(res.body.restrictions).toEqual(['10.0.0.0/8', '2001:db8::1/128']);
    expect(res.headers.etag).toBe('"r2"');
    await dev
      .patch(`/api/v1/consumers/${c.consumerKey}`)
      .set('If-Match', c.etag)
      .send({ restrictions: ['::/0'], reason: 'stale' })
      .expect(412);
    const log = await request(t.server).get(`/api/v1/consumers/${c.consumerKey}/log`).expect(200);
    expect(log.body.items[0]).toMatchObject({ action: 'update', reason: 'New servers' });
  });

  it("bounds RSA key sizes at registration and update (MediaWiki's -with-details key), writing nothing", async () => {
    const huge = rsaPublicKeyOf(8192);
    const before = await count('consumers');
    const refused = await dev
      .post('/api/v1/consumers')
      .send(oauth1Proposal({ rsaKey: huge }))
      .expect(400);
    expect(refused.body.details).toEqual([
      {
        field: 'rsaKey',
        code: 'mwoauth-invalid-field-with-details',
        message: expect.stringContaining('at most 4096 bits'),
      },
    ]);
    expect(await count('consumers')).toBe(before);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    const tooSmall = await dev
      .post('/api/v1/consumers')
      .send(oauth1Proposal({ rsaKey: rsaPublicKeyOf(1016) }))
      .expect(400);
    expect(tooSmall.body.details).toEqual([
      {
        field: 'rsaKey',
        code: 'mwoauth-invalid-field-with-details',
        message: expect.stringContaining('at least 1024 bits'),
      },
    ]);

    const c = await propose(dev, oauth1Proposal({ rsaKey: small }));
    const update = await dev
      .patch(`/api/v1/consumers/${c.consumerKey}`)
      .set('If-Match', c.etag)
      .send({ rsaKey: huge, reason: 'Bigger is better' })
      .expect(400);
    expect(update.body.details).toEqual([
      {
        field: 'rsaKey',
        code: 'mwoauth-invalid-field-with-details',
        message: expect.stringContaining('at most 4096 bits'),
      },
    ]);
    const after = await dev.get(`/api/v1/consumers/${c.consumerKey}`).expect(200);
    expect([after.headers.etag, after.body.rsaKey]).toEqual([c.etag, small.trim()]);
    await dev
      .patch(`/api/v1/consumers/${c.consumerKey}`)
      .set('If-Match', c.etag)
      .send({ rsaKey: rsaPublicKeyOf(4096), reason: 'The largest' })
      .expect(200);
  });

  it('resets the secret keeping restrictions and RSA key', async () => {
    const c = await propose(dev, oauth1Proposal({ restrictions: ['192.0.2.0/24'] }));
    const res = await dev
      .post(`/api/v1/consumers/${c.consumerKey}/reset-secret`)
      .set('If-Match', c.etag)
      .send({ reason: 'Leaked' })
      .expect(200);
    expect(res.body.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.secret).not.toBe(c.secret);
    expect(res.body.restrictions).toEqual(['192.0.2.0/24']);
    await other
      .post(`/api/v1/consumers/${c.consumerKey}/reset-secret`)
      .set('If-Match', res.headers.etag)
      .send({})
      .expect(403);
  });

  it("creates owner-only OAuth 1.0a consumers approved, with the owner's credentials, re-keyed on reset", async () => {
    const res = await dev
      .post('/api/v1/consumers')
      .send(oauth1Proposal({ ownerOnly: true, callbackUrl: undefined }))
      .expect(201);
    expect(res.body).toMatchObject({
      stageName: 'approved',
      ownerOnly: true,
      callbackUrl: 'http://consentry.test/oauth1/verified',
    });
    expect(res.body.accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.accessSecret).toMatch(/^[0-9a-f]{64}$/);
    const rows = await t.dataSource.query(
      'SELECT userId, grants, accessToken FROM authorizations WHERE accessToken = ?',
      [res.body.accessToken],
    );
    expect(rows).toEqual([{ userId: devId, grants: '["basic","editpage"]', accessToken: res.body.accessToken }]);
    const log = await request(t.server).get(`/api/v1/consumers/${res.body.consumerKey}/log`).expect(200);
    expect(log.body.items[0].action).toBe('create-owner-only');
    const reset = await dev
      .post(`/api/v1/consumers/${res.body.consumerKey}/reset-secret`)
      .set('If-Match', res.headers.etag)
      .send({})
      .expect(200);
    expect(reset.body.accessToken).toBe(res.body.accessToken);
    expect(reset.body.accessSecret).not.toBe(res.body.accessSecret);
  });

  it('stores no callback for owner-only OAuth 2 consumers: they never redirect (verified is OAuth 1.0a)', async () => {
    const res = await dev
      .post('/api/v1/consumers')
      .send(oauth2Proposal({ ownerOnly: true, callbackUrl: undefined }))
      .expect(201);
    expect(res.body).toMatchObject({
      stageName: 'approved',
      ownerOnly: true,
      callbackUrl: '',
      oauth2GrantTypes: ['client_credentials'],
    });
    const rows = await t.dataSource.query('SELECT callbackUrl FROM consumers WHERE consumerKey = ?', [
      res.body.consumerKey,
    ]);
    expect(rows).toEqual([{ callbackUrl: '' }]);
    // A callback sent anyway is ignored, as for OAuth 1.0a owner-only consumers.
    const sent = await dev
      .post('/api/v1/consumers')
      .send(oauth2Proposal({ ownerOnly: true, callbackUrl: 'https://app.example.org/cb' }))
      .expect(201);
    expect(sent.body.callbackUrl).toBe('');
    const token = await request(t.server)
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: res.body.consumerKey, client_secret: res.body.secret })
      .expect(200);
    expect(token.body.access_token).toEqual(expect.any(String));
  });

  it('expires proposals older than PROPOSAL_EXPIRY_DAYS on the scheduled run, logging each', async () => {
    const old = await propose(dev, oauth2Proposal());
    const fresh = await propose(dev, oauth2Proposal());
    await t.dataSource
      .getRepository(Consumer)
      .update({ consumerKey: old.consumerKey }, { stageTimestamp: new Date(Date.now() - 31 * 86400000) });
    expect(await t.app.get(ConsumerExpiry).expire()).toBeGreaterThanOrEqual(1);
    expect((await dev.get(`/api/v1/consumers/${old.consumerKey}`).expect(200)).body.stageName).toBe('expired');
    expect((await dev.get(`/api/v1/consumers/${fresh.consumerKey}`).expect(200)).body.stageName).toBe('proposed');
    const log = await request(t.server).get(`/api/v1/consumers/${old.consumerKey}/log`).expect(200);
    expect(log.body.items[0]).toMatchObject({ action: 'expire', performer: null });
    // An expired proposal can still be approved.
    await review(admin, old.consumerKey, await etagOf(admin, old.consumerKey), {
      action: 'approve',
      reason: 'Late review',
    }).expect(200);
  });

  it('leaves no usable secret in the database', async () => {
    const c = await dev
      .post('/api/v1/consumers')
      .send(oauth1Proposal({ ownerOnly: true, callbackUrl: undefined }))
      .expect(201);
    const dump = JSON.stringify([
      await t.dataSource.query('SELECT * FROM consumers'),
      await t.dataSource.query('SELECT * FROM authorizations'),
      await t.dataSource.query('SELECT * FROM consumer_log'),
    ]);
    expect(dump).toContain(c.body.consumerKey);
    expect(dump).not.toContain(c.body.secret);
    expect(dump).not.toContain(c.body.accessSecret);
  });
});
