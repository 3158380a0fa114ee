import { request as httpRequest } from 'node:http';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AuthorizationsService } from '../src/authorizations/authorizations.service';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { oauth1Proposal } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { freePort, signedHeader, signer } from './helpers/oauth1';
import { obtainTokens, registerClient, RegisteredClient } from './helpers/oauth2';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const HOST = 'api.example.org';
const API = `http://${HOST}/w/api.php`;
const GATEWAY_SECRET = 'gateway-secret-0123456789abcdef-0123456789';
const FORM = 'application/x-www-form-urlencoded';

/** GET /auth/verify with header lines as given (names may repeat), from a loopback address of our choice. */
function rawVerify(
  port: number,
  from: string,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; body: { error?: string } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/auth/verify', localAddress: from, headers, agent: false },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as { error?: string } }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The request description, parameter names and bodies, against /auth/verify directly (docs/gateway.md). */
describe.each(databaseKinds())('gateway request description on %s', (kind) => {
  let t: TestApp;
  let port: number;
  let web: RegisteredClient;
  let v1: RegisteredClient;
  let user: { bearer: string; v1: { key: string; secret: string } };

  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp(kind, { DISABLED_API_ACTIONS: 'import,delete', GATEWAY_SECRET, TRUST_PROXY: '127.0.0.1' });
    await t.app.listen(port, '127.0.0.1');
    const devUser = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const dev: TestAgent = await loginAgent(t.server, devUser.username, devUser.password);
    const adminUser = await makeUser(t.app, { groups: ['oauthadmin'] });
    const admin: TestAgent = await loginAgent(t.server, adminUser.username, adminUser.password);
    web = await registerClient(dev, admin, { callbackUrl: 'https://gw.example.org/cb', grants: ['editpage'] });
    v1 = await registerClient(dev, admin, oauth1Proposal({ grants: ['editpage'] }));
    const u = await makeUser(t.app);
    const tokens = await obtainTokens(t.server, await loginAgent(t.server, u.username, u.password), web);
    const creds = await t.app
      .get(AuthorizationsService)
      .authorize(u, (await t.app.get(ConsumerLookup).findByKey(v1.consumerKey))!);
    user = { bearer: `Bearer ${tokens.access_token}`, v1: { key: creds.accessToken!, secret: creds.accessSecret! } };
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const oauth1 = (url: string, method = 'GET', data?: Record<string, string>) =>
    signedHeader(signer(v1.consumerKey, v1.secret), { url, method, data }, user.v1);
  const verify = (headers: Record<string, string>) => {
    let req = request(t.server).get('/auth/verify').set('X-Forwarded-Host', HOST).set('X-Forwarded-Proto', 'http');
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req;
  };
  const json = (body: Record<string, unknown>, secret = GATEWAY_SECRET) =>
    request(t.server).post('/auth/verify').set('X-Gateway-Secret', secret).send(body);
  const described = (body: Partial<Record<string, unknown>>) => ({
    method: 'POST',
    url: API,
    headers: { Authorization: user.bearer, 'Content-Type': FORM },
    clientIp: '203.0.113.9',
    ...body,
  });

  describe('one description of the request, from TRUST_PROXY peers only', () => {
    it("refuses a client X-Original-URI that disagrees with the proxy's X-Forwarded-Uri (Caddy, Traefik)", async () => {
      const res = await verify({
        Authorization: user.bearer,
        'X-Forwarded-Uri': '/w/api.php?action=import',
        'X-Original-URI': '/w/api.php?action=query',
      }).expect(400);
      expect(res.body.error).toBe('gateway_conflicting_headers');
      await verify({
        Authorization: user.bearer,
        'X-Forwarded-Uri': '/w/api.php?action=query',
        'X-Original-URI': '/w/api.php?action=query',
      }).expect(200);
    });

    it('refuses X-Original-Method and X-Forwarded-Method that disagree, and a header with two values', async () => {
      const method = await verify({
        Authorization: user.bearer,
        'X-Forwarded-Uri': '/w/api.php?action=query',
        'X-Forwarded-Method': 'DELETE',
        'X-Original-Method': 'GET',
      }).expect(400);
      expect(method.body.error).toBe('gateway_conflicting_headers');
      const twice = await rawVerify(port, '127.0.0.1', {
        authorization: user.bearer,
        'x-forwarded-uri': ['/w/api.php?action=query', '/w/api.php?action=import'],
      });
      expect([twice.status, twice.body.error]).toEqual([400, 'gateway_conflicting_headers']);
    });

    it('does not accept an OAuth 1.0a signature made for one URL for another', async () => {
      const signedFor = `${API}?action=query&meta=userinfo`;
      const res = await verify({
        Authorization: oauth1(signedFor),
        'X-Original-URI': '/w/api.php?action=query&meta=userinfo',
        'X-Forwarded-Uri': '/w/api.php?action=edit&title=A',
      });
      expect(res.status).toBe(400);
      await verify({ Authorization: oauth1(signedFor), 'X-Forwarded-Uri': '/w/api.php?action=edit&title=A' }).expect(
        401,
      );
      await verify({
        Authorization: oauth1(signedFor),
        'X-Forwarded-Uri': '/w/api.php?action=query&meta=userinfo',
      }).expect(200);
    });

    it('believes X-Original-* and X-Forwarded-* only from a TRUST_PROXY peer (127.0.0.1, not 127.0.0.2)', async () => {
      for (const header of ['X-Original-URI', 'X-Forwarded-Uri', 'X-Forwarded-Host', 'X-Original-Method']) {
        const value = header.endsWith('Method') ? 'GET' : header.endsWith('Host') ? HOST : '/w/api.php?action=query';
        const res = await rawVerify(port, '127.0.0.2', { authorization: user.bearer, [header]: value });
        expect([header, res.status, res.body.error]).toEqual([header, 403, 'gateway_untrusted_peer']);
      }
    });

    it('refuses a description without a URI while DISABLED_API_ACTIONS is set', async () => {
      expect((await verify({ Authorization: user.bearer }).expect(403)).body.error).toBe('gateway_bad_header');
    });

    it('refuses a host that would move the query the actions are read from (nginx passes Host: h?x on)', async () => {
      const res = await verify({ Authorization: user.bearer, 'X-Original-URI': '/w/api.php?action=import' })
        .set('X-Forwarded-Host', 'h?x')
        .expect(403);
      expect(res.body.error).toBe('gateway_bad_header');
    });
  });

  describe('parameter names read as PHP reads them', () => {
    it.each([
      '%20action=import',
      '+action=import',
      'action%00=import',
      'action=query&%20action=import',
      'action[]=import',
      'action[x]=delete',
      'a=1;action=import',
    ])('refuses ?%s', async (query) => {
      const res = await verify({ Authorization: user.bearer, 'X-Original-URI': `/w/api.php?${query}` }).expect(403);
      expect(res.body.error).toBe('mwoauth-api-module-disabled');
    });

    it.each(['%20action=import', 'action=query&+action=delete', 'action[]=import'])(
      'refuses the form body %p at POST /auth/verify',
      async (body) => {
        const res = await json(described({ url: `${API}?action=query`, body })).expect(403);
        expect(res.body.error).toBe('mwoauth-api-module-disabled');
      },
    );

    it('refuses a described URL whose host would move its query (POST /auth/verify)', async () => {
      for (const url of [
        'http://h?x/w/api.php?action=import',
        'http://h#x/w/api.php?action=import',
        'http://u@h/w/api.php',
        'http://h',
      ]) {
        expect([url, (await json(described({ url, body: '' }))).status]).toEqual([url, 400]);
      }
    });

    it('lets other names and values through', async () => {
      await verify({
        Authorization: user.bearer,
        'X-Original-URI': '/w/api.php?Action=import&%09action=import&list=import&action=query',
      }).expect(200);
    });
  });

  describe('bodies the gateway did not show', () => {
    it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
      'refuses a %s at GET /auth/verify (auth_request, forward_auth never send the body)',
      async (method) => {
        const res = await verify({
          Authorization: user.bearer,
          'X-Original-URI': '/w/api.php?action=query',
          'X-Original-Method': method,
        }).expect(403);
        expect(res.body.error).toBe('gateway_body_unseen');
      },
    );

    it('refuses a POST at POST /auth/verify without its body, not one whose body is given (empty or not)', async () => {
      expect((await json(described({ body: undefined })).expect(403)).body.error).toBe('gateway_body_unseen');
      await json(described({ url: `${API}?action=query`, body: '' })).expect(200);
      await json(described({ body: 'action=query&meta=userinfo' })).expect(200);
    });

    it.each([
      [
        'multipart',
        'multipart/form-data; boundary=XX',
        '--XX\r\nContent-Disposition: form-data; name="action"\r\n\r\nimport\r\n--XX--\r\n',
      ],
      ['a leading space in the content type', ` ${FORM}`, 'action=import'],
      ['an upper-case content type with odd spacing', `  ${FORM.toUpperCase()}\t; charset=UTF-8`, 'action=import'],
      ['no content type', undefined, 'action=import'],
    ])('reads the body with %s', async (_, contentType, body) => {
      const headers =
        contentType === undefined
          ? { Authorization: user.bearer }
          : { Authorization: user.bearer, 'Content-Type': contentType };
      const res = await json(described({ url: `${API}?action=query`, headers, body })).expect(403);
      expect(res.body.error).toBe('mwoauth-api-module-disabled');
    });

    it('refuses a body it cannot read (content-encoded), and headers named twice', async () => {
      const gzip = await json(
        described({
          headers: { Authorization: user.bearer, 'Content-Type': FORM, 'Content-Encoding': 'gzip' },
          body: 'x',
        }),
      ).expect(403);
      expect(gzip.body.error).toBe('gateway_body_unreadable');
      const twice = await json(
        described({
          headers: { Authorization: user.bearer, 'content-type': 'text/plain', 'Content-Type': FORM },
          body: 'action=query',
        }),
      ).expect(400);
      expect(twice.body.error).toBe('invalid_request');
    });

    it('still checks an OAuth 1.0a signature over the form body it is shown', async () => {
      const form = { action: 'edit', title: 'Sandbox' };
      const body = new URLSearchParams(form).toString();
      await json(
        described({ headers: { Authorization: oauth1(API, 'POST', form), 'Content-Type': FORM }, body }),
      ).expect(200);
    });
  });

  describe('the gateway secret is checked before the body is read', () => {
    const deep = `${'['.repeat(30000)}${']'.repeat(30000)}`;
    it.each([
      ['no secret', undefined],
      ['a wrong secret', 'wrong'],
    ])('answers 403 with %s to deep, broken or oversized JSON', async (_, secret) => {
      for (const payload of [deep, '{"method": ', `"${'x'.repeat(400 * 1024)}"`]) {
        let req = request(t.server).post('/auth/verify').set('Content-Type', 'application/json');
        if (secret) req = req.set('X-Gateway-Secret', secret);
        const res = await req.send(payload);
        expect([res.status, res.body.error]).toEqual([403, 'gateway_forbidden']);
      }
    });
  });
});
