import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { oauth1Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { signedHeader, signer } from './helpers/oauth1';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const BASE = 'http://consentry.test';

/** `/wiki/<title>`, encoded as a browser would send it (`:` and `/` kept). */
const wiki = (title: string) => `/wiki/${encodeURI(title)}`;
/** `/w/index.php?title=<title>`. */
const index = (title: string, query = '') => `/w/index.php?title=${encodeURIComponent(title)}${query}`;

/**
 * MediaWiki's addresses of the extension's pages for people lead to Consentry's pages
 * (docs/mediawiki-compatibility.md#addresses), under both spellings, without taking anything
 * from `Special:OAuth/*` and without ever leading off this site.
 */
describe.each(databaseKinds())('MediaWiki page addresses on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  let key: string;
  let secret: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: BASE });
    const adminUser = await makeUser(t.app, {
      groups: ['oauthadmin'],
      email: 'admin@example.org',
      emailVerified: true,
    });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    const dev = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const devAgent = await loginAgent(t.server, dev.username, dev.password);
    const c = await propose(devAgent, oauth1Proposal({ name: 'Bookmarked tool' }));
    await admin
      .post(`/api/v1/consumers/${c.consumerKey}/review`)
      .set('If-Match', c.etag)
      .send({ action: 'approve', reason: 'ok' })
      .expect(200);
    key = c.consumerKey;
    secret = c.secret as string;
  });
  afterAll(async () => {
    await t.close();
  });

  const mappings = (): [string, string][] => [
    ['Special:OAuthConsumerRegistration', '/consumers/mine'],
    ['Special:OAuthConsumerRegistration/propose', '/consumers/mine'],
    ['Special:OAuthConsumerRegistration/propose/oauth1a', '/consumers/propose/oauth1a'],
    ['Special:OAuthConsumerRegistration/propose/oauth2', '/consumers/propose/oauth2'],
    ['Special:OAuthConsumerRegistration/list', '/consumers/mine'],
    [`Special:OAuthConsumerRegistration/update/${key}`, `/consumers/${key}`],
    ['Special:OAuthRegistration', '/consumers/mine'],
    ['Special:OAuthListConsumers', '/consumers'],
    ['Special:OAuthListConsumers/list', '/consumers'],
    [`Special:OAuthListConsumers/view/${key}`, `/consumers/${key}`],
    ['Special:OAuthManageConsumers', '/manage/consumers'],
    ['Special:OAuthManageConsumers/proposed', '/manage/consumers/stage/proposed'],
    ['Special:OAuthManageConsumers/rejected', '/manage/consumers/stage/rejected'],
    ['Special:OAuthManageConsumers/expired', '/manage/consumers/stage/expired'],
    ['Special:OAuthManageConsumers/approved', '/manage/consumers/stage/approved'],
    ['Special:OAuthManageConsumers/disabled', '/manage/consumers/stage/disabled'],
    [`Special:OAuthManageConsumers/${key}`, `/manage/consumers/${key}`],
    [`Special:OAuthManageConsumers/approved/${key}`, `/manage/consumers/${key}`],
    ['Special:OAuthManageMyGrants', '/me/apps'],
    ['Special:OAuthManageMyGrants/list', '/me/apps'],
    ['Special:OAuthManageMyGrants/update/12', '/me/apps'],
    ['Special:OAuthManageMyGrants/revoke/12', '/me/apps'],
    ['Special:OAuthGrants', '/me/apps'],
    // MediaWiki's title rules: any case for the names, spaces for underscores, `%20` in paths.
    [`special:oauthlistconsumers/view/${key}`, `/consumers/${key}`],
    [` Special : OAuthManageConsumers/proposed `, '/manage/consumers/stage/proposed'],
  ];

  it('sends each address, under /wiki/ and /w/index.php, to its page with a 302', async () => {
    for (const [title, location] of mappings()) {
      for (const path of [wiki(title), index(title), index(title).replace('/w/', '/')]) {
        const res = await request(t.server).get(path);
        expect([path, res.status, res.headers.location]).toEqual([path, 302, location]);
      }
    }
  });

  it('leads to pages that exist: each target answers 200 to a reviewer', async () => {
    for (const [, location] of mappings()) {
      const res = await admin.get(location);
      expect([location, res.status]).toEqual([location, 200]);
    }
  });

  it('leaves the login to the page: an anonymous visitor goes on to the login form', async () => {
    const first = await request(t.server).get('/wiki/Special:OAuthManageMyGrants').expect(302);
    expect(first.headers.location).toBe('/me/apps');
    const second = await request(t.server).get(first.headers.location).expect(303);
    expect(second.headers.location).toBe('/login?returnTo=%2Fme%2Fapps');
    // The public list and consumer pages need no login.
    await request(t.server).get(`/consumers/${key}`).expect(200);
  });

  it("carries Special:OAuthListConsumers's filters to the list, encoded", async () => {
    for (const path of [
      '/wiki/Special:OAuthListConsumers?publisher=Dev%20One&name=Bot&stage=-1',
      `${index('Special:OAuthListConsumers')}&publisher=Dev%20One&name=Bot&stage=-1`,
    ]) {
      const res = await request(t.server).get(path).expect(302);
      expect(res.headers.location).toBe('/consumers?name=Bot&owner=Dev+One&stage=any');
    }
    const evil = await request(t.server).get('/wiki/Special:OAuthListConsumers?name=//evil.example/').expect(302);
    expect(evil.headers.location).toBe('/consumers?name=%2F%2Fevil.example%2F');
  });

  it('answers HEAD like GET', async () => {
    const res = await request(t.server)
      .head(wiki(`Special:OAuthListConsumers/view/${key}`))
      .expect(302);
    expect(res.headers.location).toBe(`/consumers/${key}`);
  });

  it('keeps Special:OAuth/* for OAuth 1.0a: initiate still answers at /w/index.php and /wiki/', async () => {
    const oauth = signer(key, secret);
    for (const path of ['/w/index.php?title=Special:OAuth/initiate', '/wiki/Special:OAuth/initiate']) {
      const res = await request(t.server)
        .get(path)
        .set(
          'Authorization',
          signedHeader(oauth, { url: `${BASE}${path}`, method: 'GET', data: { oauth_callback: 'oob' } }),
        );
      expect([path, res.status, res.text]).toEqual([
        path,
        200,
        expect.stringContaining('oauth_callback_confirmed=true'),
      ]);
      expect(res.headers.location).toBeUndefined();
    }
    // Unknown Special:OAuth subpages and titles that are no page stay MediaWiki's E002.
    for (const title of ['Special:OAuth/grants', 'Special:OAuth', 'Special:RecentChanges', 'Main_Page']) {
      const res = await request(t.server)
        .get(`${index(title)}&format=json`)
        .expect(400);
      expect(res.body.error).toBe('mwoauth-bad-request-invalid-action');
    }
  });

  it('does not redirect a POST: a wiki form has no use here', async () => {
    const res = await request(t.server)
      .post(index(`Special:OAuthManageConsumers/${key}`))
      .type('form')
      .send({ action: 'approve' });
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });

  it('answers 404 for the pages’ other addresses and for hostile ones, never with a Location', async () => {
    const paths = [
      '/wiki/Special:OAuthListConsumers/view/..%2F..%2Fevil',
      '/wiki/Special:OAuthListConsumers/view/../../evil',
      '/wiki/Special:OAuthListConsumers/view///evil.example',
      '/wiki/Special:OAuthListConsumers/view/%2F%2Fevil.example',
      '/wiki/Special:OAuthListConsumers/view/%5C%5Cevil.example',
      '/wiki/Special:OAuthListConsumers/view/https:%2F%2Fevil.example',
      '/wiki///evil.example',
      '/wiki//%2Fevil.example',
      '/wiki/Special:OAuthListConsumers%0D%0ALocation:%20http://evil.example/',
      '/wiki/Special:OAuthListConsumers/view/%0D%0ASet-Cookie:%20x=1',
      `/wiki/Special:OAuthListConsumers/view/${key}%00`,
      `/wiki/Special:OAuthListConsumers/view/${key.toUpperCase()}`,
      `/wiki/Special:OAuthListConsumers/view/${'a'.repeat(5000)}`,
      `/wiki/Special:OAuthManageConsumers/${'proposed/'.repeat(100)}`,
      '/wiki/Special:OAuthManageConsumers/configuration-based',
      '/wiki/Special:OAuthConsumerRegistration/propose/oauth3',
      '/wiki/Special:OAuthManageMyGrants/update/x',
      '/wiki/Special:OAuth_List_Consumers',
      '/wiki/Special:OAuth/initiate/',
      '/wiki/special:oauth/initiate',
      '/wiki/Main_Page',
      '/wiki/',
      index('Special:OAuthListConsumers/view/../../evil'),
      index('Special:OAuthListConsumers/view///evil.example'),
      index('Special:OAuthManageMyGrants/manage/1'),
    ];
    for (const path of paths) {
      const res = await request(t.server).get(path);
      expect([path.slice(0, 120), res.status, res.headers.location]).toEqual([path.slice(0, 120), 404, undefined]);
    }
  });

  it('answers titles that are no title at /w/index.php as before (E002), never with a Location', async () => {
    for (const title of [
      '//evil.example',
      'https://evil.example/',
      'Special:OAuthListConsumers\r\nLocation: http://evil.example/',
      `Special:OAuthListConsumers/view/${'a'.repeat(5000)}`,
    ]) {
      const res = await request(t.server).get(index(title));
      expect([res.status, res.headers.location]).toEqual([400, undefined]);
    }
  });
});
