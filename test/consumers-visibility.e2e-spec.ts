import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { oauth1Proposal, oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

type Who = 'owner' | 'admin' | 'suppressor' | 'anonymous' | 'other';
type Kind = 'normal' | 'owner-only' | 'suppressed';

const SECURITY = ['email', 'emailAuthenticated', 'restrictions', 'rsaKey'];

/**
 * Who sees what (docs/mediawiki-compatibility.md#field-visibility): `visible` — the consumer is
 * shown at all; `security` — email, restrictions and RSA key are included. The secret is never
 * included.
 */
const TABLE: Array<[Who, Kind, { visible: boolean; security: boolean }]> = [
  ['owner', 'normal', { visible: true, security: true }],
  ['admin', 'normal', { visible: true, security: true }],
  ['suppressor', 'normal', { visible: true, security: true }],
  ['anonymous', 'normal', { visible: true, security: false }],
  ['other', 'normal', { visible: true, security: false }],
  ['owner', 'owner-only', { visible: true, security: true }],
  ['admin', 'owner-only', { visible: true, security: false }],
  ['suppressor', 'owner-only', { visible: true, security: false }],
  ['anonymous', 'owner-only', { visible: true, security: false }],
  ['other', 'owner-only', { visible: true, security: false }],
  ['owner', 'suppressed', { visible: false, security: false }],
  ['admin', 'suppressed', { visible: false, security: false }],
  ['suppressor', 'suppressed', { visible: true, security: true }],
  ['anonymous', 'suppressed', { visible: false, security: false }],
  ['other', 'suppressed', { visible: false, security: false }],
];

describe.each(databaseKinds())('consumer field visibility on %s', (kind) => {
  let t: TestApp;
  const agents = {} as Record<Who, TestAgent>;
  const keys = {} as Record<Kind, string>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const make = async (who: Who, groups: string[] = []) => {
      const user = await makeUser(t.app, { groups, email: `${who}@example.org`, emailVerified: true });
      agents[who] = await loginAgent(t.server, user.username, user.password);
    };
    await make('owner');
    await make('admin', ['oauthadmin']);
    await make('suppressor', ['oauthadmin', 'suppress']);
    await make('other');
    agents.anonymous = request.agent(t.server);
    const normal = await propose(agents.owner, oauth1Proposal({ name: 'Normal', restrictions: ['192.0.2.0/24'] }));
    const approved = await agents.admin
      .post(`/api/v1/consumers/${normal.consumerKey}/review`)
      .set('If-Match', normal.etag)
      .send({ action: 'approve', reason: 'ok' })
      .expect(200);
    expect(approved.body.stageName).toBe('approved');
    keys.normal = normal.consumerKey;
    keys['owner-only'] = (
      await propose(agents.owner, oauth2Proposal({ name: 'Mine', ownerOnly: true, callbackUrl: undefined }))
    ).consumerKey;
    const hidden = await propose(agents.owner, oauth2Proposal({ name: 'Hidden' }));
    await agents.suppressor
      .post(`/api/v1/consumers/${hidden.consumerKey}/review`)
      .set('If-Match', hidden.etag)
      .send({ action: 'reject', reason: 'x', suppress: true })
      .expect(200);
    keys.suppressed = hidden.consumerKey;
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(TABLE)('%s viewing a %s consumer: detail', async (who, consumerKind, expected) => {
    const res = await agents[who].get(`/api/v1/consumers/${keys[consumerKind]}`);
    expect(res.status).toBe(expected.visible ? 200 : 404);
    if (!expected.visible) return;
    for (const field of SECURITY) expect(field in res.body).toBe(expected.security);
    expect(res.body.hiddenFields).toEqual(expected.security ? [] : SECURITY);
    expect(res.body).not.toHaveProperty('secret');
    expect(res.body).not.toHaveProperty('secretSeed');
  });

  it.each(TABLE)('%s viewing a %s consumer: list', async (who, consumerKind, expected) => {
    const res = await agents[who].get('/api/v1/consumers?stage=any&limit=100').expect(200);
    const item = res.body.items.find((i: { consumerKey: string }) => i.consumerKey === keys[consumerKind]);
    expect(item !== undefined).toBe(expected.visible);
    if (!item) return;
    for (const field of SECURITY) expect(field in item).toBe(expected.security);
    expect(JSON.stringify(res.body)).not.toMatch(/secretSeed|"secret"/);
  });

  it.each(['valueOf', 'constructor', 'nonsense'])(
    'the list page answers a stage that is not one (%s) with a 400 page, not a 500',
    async (stage) => {
      const res = await request(t.server).get(`/consumers?stage=${stage}`).set('Accept', 'text/html');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('text/html');
      await request(t.server).get(`/api/v1/consumers?stage=${stage}`).expect(400);
    },
  );

  it("lists the owner's consumers at /mine, every stage, without suppressed ones", async () => {
    const res = await agents.owner.get('/api/v1/consumers/mine').expect(200);
    expect(res.body.items.map((i: { name: string }) => i.name).sort()).toEqual(['Mine', 'Normal']);
  });
});
