import { generateKeyPairSync } from 'node:crypto';
import { jwtVerify } from 'jose';
import { OAuth } from 'oauth';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { databaseKinds } from './helpers/databases';
import { startClientTestbed } from './helpers/client-testbed';
import { consent, signedHeader, signer } from './helpers/oauth1';
import { runPython } from './helpers/python';
import { TestApp } from './helpers/test-app';

const CALLBACK = 'https://client.example.org/callback';

/**
 * The whole three-legged flow (RFC 5849 §2) driven by client libraries written elsewhere:
 * npm `oauth`, npm `oauth-1.0a`, Debian's requests-oauthlib and mwoauth (written for MediaWiki).
 */
describe.each(databaseKinds())('OAuth 1.0a with real clients on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let user: TestAgent;
  let userId: number;
  let hmac: { consumerKey: string; secret: string };
  let rsa: { consumerKey: string; privateKey: string };

  beforeAll(async () => {
    const bed = await startClientTestbed(kind);
    ({ t, base } = bed);
    ({ id: userId, agent: user } = bed.user);
    await t.dataSource.query("UPDATE users SET realName = 'Alice Liddell' WHERE id = ?", [userId]);
    const h = await bed.register({
      oauthVersion: 1,
      name: 'HMAC client',
      callbackUrl: CALLBACK,
      grants: ['editpage', 'privateinfo'],
    });
    hmac = { consumerKey: h.consumerKey, secret: h.secret };
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const r = await bed.register({
      oauthVersion: 1,
      name: 'RSA client',
      callbackUrl: CALLBACK,
      rsaKey: keys.publicKey,
    });
    rsa = { consumerKey: r.consumerKey, privateKey: keys.privateKey };
  });
  afterAll(async () => {
    await t.close();
  });

  const callbackParams = (location: string | undefined) => {
    expect(location).toBeDefined();
    const url = new URL(location!);
    expect(url.origin + url.pathname).toBe(CALLBACK);
    return {
      verifier: url.searchParams.get('oauth_verifier')!,
      token: url.searchParams.get('oauth_token')!,
      query: url.search.slice(1),
    };
  };

  async function checkIdentity(jwt: string, consumer: { consumerKey: string; secret: string }) {
    const { payload, protectedHeader } = await jwtVerify(jwt, new TextEncoder().encode(consumer.secret), {
      issuer: base,
      audience: consumer.consumerKey,
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({
      sub: String(userId),
      username: expect.any(String),
      confirmed_email: true,
      blocked: false,
      grants: ['basic', 'editpage', 'privateinfo'],
      realname: 'Alice Liddell',
      email: 'alice@example.org',
    });
    expect(payload.rights).toEqual(expect.arrayContaining(['edit', 'viewmyprivateinfo', 'read']));
    expect((payload.exp as number) - (payload.iat as number)).toBe(100);
    return payload;
  }

  it('npm `oauth`: initiate, consent, token, identify (HMAC-SHA1)', async () => {
    const client = new OAuth(
      `${base}/oauth1/initiate`,
      `${base}/oauth1/token`,
      hmac.consumerKey,
      hmac.secret,
      '1.0',
      'oob',
      'HMAC-SHA1',
    );
    const requestToken = await new Promise<{ token: string; secret: string; results: Record<string, unknown> }>(
      (resolve, reject) =>
        client.getOAuthRequestToken((err, token, secret, results) =>
          err ? reject(new Error(JSON.stringify(err))) : resolve({ token, secret, results }),
        ),
    );
    expect(requestToken.results.oauth_callback_confirmed).toBe('true');
    const { verifier, token } = callbackParams(
      (
        await consent(
          user,
          `/oauth1/authorize?oauth_token=${requestToken.token}&oauth_consumer_key=${hmac.consumerKey}`,
        )
      ).location,
    );
    expect(token).toBe(requestToken.token);
    const access = await new Promise<{ token: string; secret: string }>((resolve, reject) =>
      client.getOAuthAccessToken(requestToken.token, requestToken.secret, verifier, (err, token2, secret2) =>
        err ? reject(new Error(JSON.stringify(err))) : resolve({ token: token2, secret: secret2 }),
      ),
    );
    expect(access.token).toMatch(/^[0-9a-f]{32}$/);
    const jwt = await new Promise<string>((resolve, reject) =>
      client.post(
        `${base}/oauth1/identify`,
        access.token,
        access.secret,
        '',
        'application/x-www-form-urlencoded',
        (err, data) => (err ? reject(new Error(JSON.stringify(err))) : resolve(String(data))),
      ),
    );
    await checkIdentity(jwt, hmac);
  });

  it('npm `oauth-1.0a` signer: the flow with RSA-SHA1, where the token secret is __unused__', async () => {
    const oauth = signer(rsa.consumerKey, '', 'RSA-SHA1', rsa.privateKey);
    const initiateUrl = `${base}/oauth1/initiate`;
    const init = await request(t.server)
      .post('/oauth1/initiate')
      .set('Authorization', signedHeader(oauth, { url: initiateUrl, method: 'POST', data: { oauth_callback: 'oob' } }))
      .expect(200);
    expect(init.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const rt = Object.fromEntries(new URLSearchParams(init.text));
    const { verifier } = callbackParams(
      (await consent(user, `/oauth1/authorize?oauth_token=${rt.oauth_token}`)).location,
    );
    const tokenRes = await request(t.server)
      .post('/oauth1/token')
      .set(
        'Authorization',
        signedHeader(
          oauth,
          { url: `${base}/oauth1/token`, method: 'POST', data: { oauth_verifier: verifier } },
          { key: rt.oauth_token, secret: rt.oauth_token_secret },
        ),
      )
      .expect(200);
    const at = Object.fromEntries(new URLSearchParams(tokenRes.text));
    expect(at.oauth_token_secret).toBe('__unused__');
    const identify = await request(t.server)
      .get('/oauth1/identify')
      .set(
        'Authorization',
        signedHeader(oauth, { url: `${base}/oauth1/identify`, method: 'GET' }, { key: at.oauth_token, secret: '' }),
      )
      .expect(200);
    expect(identify.headers['content-type']).toContain('application/jwt');
  });

  /** Leg 1 (RFC 5849 §2.1) for the HMAC client, out of band: the request token and its secret. */
  async function oobRequestToken(): Promise<Record<string, string>> {
    const oauth = signer(hmac.consumerKey, hmac.secret);
    const init = await request(t.server)
      .post('/oauth1/initiate')
      .set(
        'Authorization',
        signedHeader(oauth, { url: `${base}/oauth1/initiate`, method: 'POST', data: { oauth_callback: 'oob' } }),
      )
      .expect(200);
    return Object.fromEntries(new URLSearchParams(init.text));
  }

  it('Cancel on the consent page sends nothing to the client', async () => {
    const rt = await oobRequestToken();
    const cancelled = await consent(user, `/oauth1/authorize?oauth_token=${rt.oauth_token}`, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(cancelled.location).toBeUndefined();
    expect(cancelled.text).toContain('You did not allow the application');
  });

  it('requires login first, then comes back to the consent page', async () => {
    const rt = await oobRequestToken();
    const res = await request(t.server).get(`/oauth1/authorize?oauth_token=${rt.oauth_token}`).expect(303);
    expect(res.headers.location).toBe(
      `/login?returnTo=${encodeURIComponent(`/oauth1/authorize?oauth_token=${rt.oauth_token}`)}`,
    );
  });

  it('Debian requests-oauthlib (OAuth1Session): the flow at the native addresses', async () => {
    const rt = await runPython('oauth1_session', {
      step: 'initiate',
      base,
      key: hmac.consumerKey,
      secret: hmac.secret,
    });
    const { verifier } = callbackParams(
      (await consent(user, `/oauth1/authorize?oauth_token=${rt.oauth_token}`)).location,
    );
    const at = await runPython('oauth1_session', {
      step: 'token',
      base,
      key: hmac.consumerKey,
      secret: hmac.secret,
      token: rt.oauth_token,
      token_secret: rt.oauth_token_secret,
      verifier,
    });
    const identified = await runPython('oauth1_session', {
      step: 'identify',
      base,
      key: hmac.consumerKey,
      secret: hmac.secret,
      token: at.oauth_token,
      token_secret: at.oauth_token_secret,
    });
    expect(identified.status).toBe(200);
    await checkIdentity(identified.jwt, hmac);
  });

  it('Debian mwoauth (written for MediaWiki): the flow at /w/index.php?title=Special:OAuth/…, unchanged', async () => {
    const mwUri = `${base}/w/index.php`;
    const init = await runPython('mwoauth_flow', {
      step: 'initiate',
      mw_uri: mwUri,
      key: hmac.consumerKey,
      secret: hmac.secret,
    });
    expect(init.redirect).toContain('title=Special%3AOAuth%2Fauthenticate');
    const redirect = new URL(init.redirect);
    const { query } = callbackParams((await consent(user, redirect.pathname + redirect.search)).location);
    const done = await runPython('mwoauth_flow', {
      step: 'complete',
      mw_uri: mwUri,
      key: hmac.consumerKey,
      secret: hmac.secret,
      token: init.token,
      token_secret: init.token_secret,
      response_qs: query,
    });
    expect(done.identity).toMatchObject({
      sub: String(userId),
      grants: ['basic', 'editpage', 'privateinfo'],
      email: 'alice@example.org',
    });
    expect(done.identity.iss).toBe(base);
  });

  it('answers the MediaWiki aliases /index.php and /wiki/Special:OAuth/… too', async () => {
    const oauth = signer(hmac.consumerKey, hmac.secret);
    for (const path of ['/index.php?title=Special:OAuth/initiate', '/wiki/Special:OAuth/initiate']) {
      const res = await request(t.server)
        .post(path)
        .set(
          'Authorization',
          signedHeader(oauth, { url: `${base}${path}`, method: 'POST', data: { oauth_callback: 'oob' } }),
        );
      expect([res.status, res.text]).toEqual([200, expect.stringContaining('oauth_callback_confirmed=true')]);
    }
  });
});
