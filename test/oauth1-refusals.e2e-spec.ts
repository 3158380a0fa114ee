import fc from 'fast-check';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { oauth1Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { consent, signedHeader, signer } from './helpers/oauth1';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const BASE = 'http://consentry.test';

/** What a refusal looks like: the status, MediaWiki's key (format=json), and nothing granted. */
describe.each(databaseKinds())('OAuth 1.0a refusals on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let admin: TestAgent;
  let user: TestAgent;
  let good: { consumerKey: string; secret: string; etag: string };

  const approve = async (c: { consumerKey: string; etag: string }) =>
    (
      await admin
        .post(`/api/v1/consumers/${c.consumerKey}/review`)
        .set('If-Match', c.etag)
        .send({ action: 'approve', reason: 'ok' })
        .expect(200)
    ).headers.etag;

  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: BASE });
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    dev = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, { groups: ['oauthadmin', 'suppress'] });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
    const c = await propose(dev, oauth1Proposal({ name: 'Refusal target' }));
    good = { consumerKey: c.consumerKey, secret: c.secret, etag: await approve(c) };
    const alice = await makeUser(t.app);
    user = await loginAgent(t.server, alice.username, alice.password);
  });
  afterAll(async () => {
    await t.close();
  });

  /** An initiate request signed by `oauth`, with overridable protocol parameters. */
  function initiate(
    oauth = signer(good.consumerKey, good.secret),
    data: Record<string, string> = { oauth_callback: 'oob' },
    path = '/oauth1/initiate?format=json',
  ) {
    return request(t.server)
      .post(path)
      .set('Authorization', signedHeader(oauth, { url: `${BASE}${path}`, method: 'POST', data }));
  }

  async function requestAndAccessToken() {
    const init = await initiate(
      signer(good.consumerKey, good.secret),
      { oauth_callback: 'oob' },
      '/oauth1/initiate',
    ).expect(200);
    const rt = Object.fromEntries(new URLSearchParams(init.text));
    const location = (await consent(user, `/oauth1/authorize?oauth_token=${rt.oauth_token}`)).location!;
    return { rt, verifier: new URL(location).searchParams.get('oauth_verifier')! };
  }

  function tokenRequest(rt: Record<string, string>, verifier: string) {
    const oauth = signer(good.consumerKey, good.secret);
    return request(t.server)
      .post('/oauth1/token?format=json')
      .set(
        'Authorization',
        signedHeader(
          oauth,
          { url: `${BASE}/oauth1/token?format=json`, method: 'POST', data: { oauth_verifier: verifier } },
          { key: rt.oauth_token, secret: rt.oauth_token_secret },
        ),
      );
  }

  it('refuses a replayed nonce', async () => {
    const header = signedHeader(signer(good.consumerKey, good.secret), {
      url: `${BASE}/oauth1/initiate?format=json`,
      method: 'POST',
      data: { oauth_callback: 'oob' },
    });
    await request(t.server).post('/oauth1/initiate?format=json').set('Authorization', header).expect(200);
    const replay = await request(t.server)
      .post('/oauth1/initiate?format=json')
      .set('Authorization', header)
      .expect(401);
    expect(replay.body).toEqual({ error: 'nonce_used', message: 'Nonce already used' });
    expect(replay.headers['www-authenticate']).toBe(`OAuth realm="${BASE}"`);
  });

  it.each([
    ['stale', -301],
    ['future', 301],
  ])('refuses a %s timestamp', async (_name, offset) => {
    const oauth = signer(good.consumerKey, good.secret);
    const url = `${BASE}/oauth1/initiate?format=json`;
    const data = oauth.authorize({ url, method: 'POST', data: { oauth_callback: 'oob' } });
    const skewed = { ...data, oauth_timestamp: data.oauth_timestamp + offset };
    skewed.oauth_signature = oauth.getSignature(
      { url, method: 'POST', data: { oauth_callback: 'oob' } },
      undefined,
      skewed,
    );
    const res = await request(t.server)
      .post('/oauth1/initiate?format=json')
      .set('Authorization', oauth.toHeader(skewed).Authorization)
      .expect(401);
    expect(res.body.error).toBe('timestamp_refused');
  });

  it('refuses a wrong signature, in the raw text format by default', async () => {
    const res = await initiate(
      signer(good.consumerKey, 'not-the-secret'),
      { oauth_callback: 'oob' },
      '/oauth1/initiate',
    ).expect(401);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toBe('Error: Invalid signature');
  });

  it('refuses an unknown consumer (E006)', async () => {
    const res = await initiate(signer('0123456789abcdef0123456789abcdef', 'x')).expect(401);
    expect(res.body).toEqual({ error: 'mwoauthserver-bad-consumer-key', message: expect.stringContaining('E006') });
  });

  it('refuses oauth_version other than 1.0', async () => {
    const oauth = signer(good.consumerKey, good.secret);
    (oauth as unknown as { version: string }).version = '2.0';
    const res = await initiate(oauth).expect(400);
    expect(res.body.error).toBe('mwoauth-oauth-unsupported-version');
  });

  it('refuses a callback that is not oob for a non-prefix consumer', async () => {
    const res = await initiate(undefined, { oauth_callback: 'https://elsewhere.example.org/cb' }).expect(400);
    expect(res.body.error).toBe('mwoauth-callback-not-oob');
  });

  it('refuses PLAINTEXT unless OAUTH1_ALLOW_PLAINTEXT is set', async () => {
    const res = await initiate(signer(good.consumerKey, good.secret, 'PLAINTEXT')).expect(400);
    expect(res.body.error).toBe('unsupported_signature_method');
  });

  it('refuses a wrong verifier, and the request token is then spent', async () => {
    const { rt, verifier } = await requestAndAccessToken();
    const wrong = await tokenRequest(rt, 'f'.repeat(32)).expect(401);
    expect(wrong.body.error).toBe('mwoauthdatastore-bad-verifier');
    const late = await tokenRequest(rt, verifier).expect(401);
    expect(late.body.error).toBe('mwoauthdatastore-request-token-already-used');
  });

  it('refuses a request token used twice (E009), and one never issued (E004)', async () => {
    const { rt, verifier } = await requestAndAccessToken();
    await tokenRequest(rt, verifier).expect(200);
    expect((await tokenRequest(rt, verifier).expect(401)).body.error).toBe(
      'mwoauthdatastore-request-token-already-used',
    );
    const unknown = await tokenRequest({ ...rt, oauth_token: 'b'.repeat(32) }, verifier).expect(401);
    expect(['invalid_signature', 'mwoauthdatastore-request-token-not-found']).toContain(unknown.body.error);
  });

  it('refuses to authorize a request token twice', async () => {
    const { rt } = await requestAndAccessToken();
    const again = await user.get(`/oauth1/authorize?oauth_token=${rt.oauth_token}&format=json`).expect(401);
    expect(again.body.error).toBe('mwoauthdatastore-request-token-already-used');
  });

  it('refuses owner-only consumers in the three-legged flow (E010)', async () => {
    const mine = await propose(dev, oauth1Proposal({ ownerOnly: true, callbackUrl: undefined }));
    const res = await initiate(signer(mine.consumerKey, mine.secret)).expect(401);
    expect(res.body).toEqual({ error: 'mwoauthserver-consumer-owner-only', message: expect.stringContaining('E010') });
  });

  it('refuses requests from outside the IP restriction', async () => {
    const c = await propose(dev, oauth1Proposal({ restrictions: ['192.0.2.0/24'] }));
    await approve(c);
    const res = await initiate(signer(c.consumerKey, c.secret)).expect(401);
    expect(res.body.error).toBe('mwoauthdatastore-bad-source-ip');
  });

  it('refuses disabled and suppressed consumers, at every leg', async () => {
    const c = await propose(dev, oauth1Proposal());
    const etag = await approve(c);
    const init = await initiate(signer(c.consumerKey, c.secret), { oauth_callback: 'oob' }, '/oauth1/initiate').expect(
      200,
    );
    const rt = Object.fromEntries(new URLSearchParams(init.text));
    const disabled = await admin
      .post(`/api/v1/consumers/${c.consumerKey}/review`)
      .set('If-Match', etag)
      .send({ action: 'disable', reason: 'abuse' })
      .expect(200);
    expect((await user.get(`/oauth1/authorize?oauth_token=${rt.oauth_token}&format=json`).expect(401)).body.error).toBe(
      'mwoauthserver-bad-consumer',
    );
    await admin
      .post(`/api/v1/consumers/${c.consumerKey}/review`)
      .set('If-Match', disabled.headers.etag)
      .send({ action: 'disable', reason: 'hide', suppress: true })
      .expect(200);
    expect((await initiate(signer(c.consumerKey, c.secret)).expect(401)).body.error).toBe(
      'mwoauthserver-bad-consumer-key',
    );
  });

  it('refuses identify once the authorization is revoked', async () => {
    const { rt, verifier } = await requestAndAccessToken();
    const at = (await tokenRequest(rt, verifier).expect(200)).body;
    const identify = () =>
      request(t.server)
        .post('/oauth1/identify?format=json')
        .set(
          'Authorization',
          signedHeader(
            signer(good.consumerKey, good.secret),
            { url: `${BASE}/oauth1/identify?format=json`, method: 'POST' },
            { key: at.oauth_token, secret: at.oauth_token_secret },
          ),
        );
    await identify().expect(200);
    const mine = await user.get('/api/v1/me/authorizations').expect(200);
    const id = mine.body.find(
      (a: { consumer: { consumerKey: string } }) => a.consumer.consumerKey === good.consumerKey,
    ).id;
    await user.delete(`/api/v1/me/authorizations/${id}`).expect(204);
    expect((await identify().expect(401)).body.error).toBe('mwoauthdatastore-access-token-not-found');
  });

  it('never answers 500 to malformed Authorization headers (property-based)', async () => {
    const arbitraryHeader = fc.oneof(
      fc.string(),
      fc
        .array(
          fc.tuple(
            fc.constantFrom(
              'oauth_consumer_key',
              'oauth_nonce',
              'oauth_signature',
              'oauth_timestamp',
              'oauth_signature_method',
              'oauth_version',
              'oauth_callback',
              'realm',
              'oauth_token',
              'x',
            ),
            fc.string(),
          ),
        )
        .map((pairs) => `OAuth ${pairs.map(([k, v]) => `${k}="${v}"`).join(', ')}`),
      fc.string().map((s) => `OAuth ${s}`),
    );
    await fc.assert(
      fc.asyncProperty(arbitraryHeader, async (header) => {
        const res = await request(t.server)
          .post('/oauth1/initiate?format=json')
          .set('Authorization', header.replace(/[\r\n]/g, ' '));
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(typeof res.body.error).toBe('string');
      }),
      { numRuns: 150 },
    );
  });
});
