import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { oauth1Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { consent, signedHeader, signer } from './helpers/oauth1';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const BASE = 'http://consentry.test';

/**
 * `authenticate` that skips the page (docs/oauth1.md#the-three-legs): a silent sign-in keeps the
 * access credentials the app already holds; an Allow on the page issues new ones and ends the old
 * ones, where MediaWiki kept them (docs/mediawiki-compatibility.md#authorizations).
 */
describe.each(databaseKinds())('OAuth 1.0a authenticate on %s', (kind) => {
  let t: TestApp;
  let user: TestAgent;
  let app: { consumerKey: string; secret: string };

  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: BASE });
    const dev = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const devAgent = await loginAgent(t.server, dev.username, dev.password);
    const admin = await makeUser(t.app, { groups: ['oauthadmin'] });
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    const c = await propose(devAgent, oauth1Proposal({ name: 'Sign-in only', grants: ['mwoauth-authonly'] }));
    await adminAgent
      .post(`/api/v1/consumers/${c.consumerKey}/review`)
      .set('If-Match', c.etag)
      .send({ action: 'approve', reason: 'ok' })
      .expect(200);
    app = { consumerKey: c.consumerKey, secret: c.secret };
    const alice = await makeUser(t.app);
    user = await loginAgent(t.server, alice.username, alice.password);
  });
  afterAll(async () => {
    await t.close();
  });

  async function requestToken(): Promise<Record<string, string>> {
    const oauth = signer(app.consumerKey, app.secret);
    const init = await request(t.server)
      .post('/oauth1/initiate')
      .set(
        'Authorization',
        signedHeader(oauth, { url: `${BASE}/oauth1/initiate`, method: 'POST', data: { oauth_callback: 'oob' } }),
      )
      .expect(200);
    return Object.fromEntries(new URLSearchParams(init.text));
  }

  /** Leg 3 for the verifier in the callback `location`. */
  async function accessToken(
    rt: Record<string, string>,
    location: string,
  ): Promise<{ oauth_token: string; oauth_token_secret: string }> {
    const verifier = new URL(location).searchParams.get('oauth_verifier')!;
    const res = await request(t.server)
      .post('/oauth1/token')
      .set(
        'Authorization',
        signedHeader(
          signer(app.consumerKey, app.secret),
          { url: `${BASE}/oauth1/token`, method: 'POST', data: { oauth_verifier: verifier } },
          { key: rt.oauth_token, secret: rt.oauth_token_secret },
        ),
      )
      .expect(200);
    return Object.fromEntries(new URLSearchParams(res.text)) as { oauth_token: string; oauth_token_secret: string };
  }

  function identify(at: { oauth_token: string; oauth_token_secret: string }) {
    return request(t.server)
      .post('/oauth1/identify')
      .set(
        'Authorization',
        signedHeader(
          signer(app.consumerKey, app.secret),
          { url: `${BASE}/oauth1/identify`, method: 'POST' },
          { key: at.oauth_token, secret: at.oauth_token_secret },
        ),
      );
  }

  it('a silent authenticate keeps the credentials the app holds; an Allow replaces them', async () => {
    const firstRt = await requestToken();
    const first = await accessToken(
      firstRt,
      (await consent(user, `/oauth1/authorize?oauth_token=${firstRt.oauth_token}`)).location!,
    );

    for (const path of ['/oauth1/authenticate', '/w/index.php?title=Special:OAuth/authenticate&']) {
      const rt = await requestToken();
      const separator = path.includes('?') ? '' : '?';
      // No page: straight to the callback (identity-only grants, already authorized).
      const silent = await user.get(`${path}${separator}oauth_token=${rt.oauth_token}`).expect(303);
      const again = await accessToken(rt, silent.headers.location);
      expect(again).toEqual(first);
      await identify(first).expect(200);
    }

    const rt = await requestToken();
    const renewed = await accessToken(
      rt,
      (await consent(user, `/oauth1/authorize?oauth_token=${rt.oauth_token}`)).location!,
    );
    expect(renewed.oauth_token).not.toBe(first.oauth_token);
    await identify(renewed).expect(200);
    await identify(first).expect(401);
  });
});
