import { AddressInfo, connect } from 'node:net';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { oauth1Proposal, oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { deepJson } from './helpers/fuzz';
import { consent, signedHeader, signer } from './helpers/oauth1';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const BASE = 'http://consentry.test';
const GATEWAY_SECRET = 'gateway-secret-0123456789abcdef-0123456789';

/**
 * Bodies too deep or too large, control characters in client URLs, and Fastify's own errors all
 * answer a 4xx in the route's error shape, never a 5xx (docs/security.md#other-promises).
 */
describe.each(databaseKinds())('input hardening on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let admin: TestAgent;
  let user: TestAgent;

  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: BASE, GATEWAY_SECRET });
    const users = await Promise.all([
      makeUser(t.app, { email: 'dev@example.org', emailVerified: true }),
      makeUser(t.app, { groups: ['oauthadmin'] }),
      makeUser(t.app),
    ]);
    [dev, admin, user] = await Promise.all(users.map((u) => loginAgent(t.server, u.username, u.password)));
  });
  afterAll(async () => {
    await t.close();
  });

  const count = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  describe('bodies too deep or too large', () => {
    it.each([
      ['an array 30,000 deep', deepJson(30_000)],
      ['an object 30,000 deep', deepJson(30_000, 'object')],
      ['an array 33 deep', deepJson(33)],
    ])(
      'refuses %s at POST /auth/verify: 403 without the gateway secret, 400 with it, never a 5xx',
      async (_name, body) => {
        const anonymous = await request(t.server)
          .post('/auth/verify')
          .set('Content-Type', 'application/json')
          .send(body);
        expect(anonymous.status).toBe(403);
        const res = await request(t.server)
          .post('/auth/verify')
          .set('X-Gateway-Secret', GATEWAY_SECRET)
          .set('Content-Type', 'application/json')
          .send(body);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: 'invalid_request', message: expect.stringContaining('nested too deeply') });
      },
    );

    it('refuses deep JSON on an authenticated JSON route, writing nothing', async () => {
      const before = await count('consumers');
      for (const body of [deepJson(30_000), `{"name":"x","grants":${deepJson(40)}}`]) {
        const res = await dev.post('/api/v1/consumers').set('Content-Type', 'application/json').send(body);
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('invalid_request');
      }
      expect(await count('consumers')).toBe(before);
    });

    it('answers in the shape of the route: OAuth 2 and OAuth 1.0a endpoints as their protocols do', async () => {
      const oauth2 = await request(t.server)
        .post('/oauth2/token')
        .set('Content-Type', 'application/json')
        .send(deepJson(30_000));
      expect(oauth2.status).toBe(400);
      expect(oauth2.body).toEqual({
        error: 'invalid_request',
        error_description: expect.stringContaining('nested too deeply'),
      });
      const large = await request(t.server)
        .post('/w/rest.php/oauth2/access_token')
        .type('form')
        .send(`code=${'x'.repeat(300 * 1024)}`);
      expect(large.status).toBe(413);
      expect(large.body).toEqual({ error: 'invalid_request', error_description: 'The request body is too large.' });
      const json = await request(t.server)
        .post('/oauth1/initiate?format=json')
        .set('Content-Type', 'application/json')
        .send(deepJson(30_000));
      expect(json.status).toBe(400);
      expect(json.body).toEqual({ error: 'invalid_request', message: expect.stringContaining('nested too deeply') });
      const text = await request(t.server)
        .post('/w/index.php?title=Special:OAuth/initiate')
        .type('form')
        .send(Array(1001).fill('a=1').join('&'));
      expect(text.status).toBe(400);
      expect(text.text).toMatch(/^Error: The request body has too many fields/);
    });

    it('accepts JSON nested up to the limit', async () => {
      const res = await dev
        .post('/api/v1/consumers')
        .set('Content-Type', 'application/json')
        .send(`{"grants":${deepJson(30)}}`);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Invalid fields/);
    });

    it('refuses a body over the size limit with 413 in the error shape', async () => {
      const res = await dev
        .post('/api/v1/consumers')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ description: 'x'.repeat(300 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ error: 'payload_too_large', message: 'The request body is too large.' });
      const form = await request(t.server)
        .post('/oauth2/token')
        .type('form')
        .send(`grant_type=${'x'.repeat(300 * 1024)}`);
      expect(form.status).toBe(413);
    });

    it('refuses a JSON body with too many members in one place', async () => {
      const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])));
      const res = await dev.post('/api/v1/consumers').set('Content-Type', 'application/json').send(wide);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
      const array = await dev
        .post('/api/v1/consumers')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ grants: Array(60_000).fill(0) }));
      expect(array.status).toBe(400);
    });
  });

  describe("Fastify's own errors in the app's shape", () => {
    it.each([
      ['GET', '/%ff', undefined, undefined, 400, 'invalid_request'],
      ['GET', '/api/v1/consumers/%ff', undefined, undefined, 400, 'invalid_request'],
      ['GET', `/api/v1/consumers/${'a'.repeat(200)}`, undefined, undefined, 414, 'uri_too_long'],
      ['POST', '/api/v1/consumers', 'application/xml', '<a/>', 415, 'unsupported_media_type'],
      ['POST', '/api/v1/consumers', 'application/json', '{"a":', 400, 'invalid_request'],
      ['POST', '/api/v1/consumers', 'application/json', '', 400, 'invalid_request'],
      ['POST', '/api/v1/consumers', 'application/json', '{"__proto__":{"x":1}}', 400, 'invalid_request'],
      [
        'POST',
        '/api/v1/consumers',
        'application/json',
        '{"constructor":{"prototype":{"x":1}}}',
        400,
        'invalid_request',
      ],
    ])('%s %s (%s, body %j) → %i %s', async (method, path, type, body, status, error) => {
      let req = method === 'GET' ? dev.get(path) : dev.post(path);
      if (type) req = req.set('Content-Type', type);
      const res = await (body === undefined ? req : req.send(body));
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error, message: expect.any(String) });
      expect(res.body.message).not.toMatch(/FST_|Unexpected|position/);
      // The headers every answer carries, even when the router refused the URL before any hook ran.
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it("answers HTTP that does not parse in the app's shape, and closes the connection", async () => {
      const server = t.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString('latin1');
        });
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
        error: 'invalid_request',
        message: 'The request is malformed.',
      });
    });

    it('shows browsers the HTML error page for a malformed URL', async () => {
      const res = await request(t.server).get('/%ff').set('Accept', 'text/html');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    });

    it('carries Retry-After on the HTML 429 page as on the JSON one', async () => {
      const limited = await createTestApp(kind, { PUBLIC_URL: BASE, PROPOSALS_PER_HOUR: '1' });
      try {
        const u = await makeUser(limited.app, { email: 'dev2@example.org', emailVerified: true });
        const agent = await loginAgent(limited.server, u.username, u.password);
        await agent.post('/api/v1/consumers').send(oauth2Proposal()).expect(201);
        const json = await agent.post('/api/v1/consumers').send(oauth2Proposal()).expect(429);
        expect(Number(json.headers['retry-after'])).toBeGreaterThan(0);
        const page = await agent.get('/consumers/propose/oauth2').expect(200);
        const html = await agent
          .post('/consumers/propose/oauth2')
          .type('form')
          .set('Accept', 'text/html')
          .send({
            _csrf: csrfTokenOf(page.text),
            name: 'Paged',
            version: '1.0',
            description: 'd',
            callbackUrl: 'https://a.example.org/cb',
            grants: 'editpage',
            agreement: 'on',
            oauth2IsConfidential: 'on',
            oauth2GrantTypes: 'authorization_code',
          });
        expect(html.status).toBe(429);
        expect(html.headers['content-type']).toMatch(/^text\/html/);
        expect(Number(html.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await limited.close();
      }
    });
  });

  describe('control characters in client URLs', () => {
    const CONTROLS = ['\r\n', '\u0000', '\t', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029'];

    it.each(CONTROLS.map((c) => [JSON.stringify(c), c]))(
      'refuses a callback URL with %s at registration',
      async (_name, c) => {
        const before = await count('consumers');
        for (const version of [1, 2]) {
          const callbackUrl = `https://app.example.org/cb${c}x`;
          const body = version === 1 ? oauth1Proposal({ callbackUrl }) : oauth2Proposal({ callbackUrl });
          const res = await dev.post('/api/v1/consumers').send(body);
          expect(res.status).toBe(400);
          expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'callbackUrl' })]));
        }
        const mw = await dev.post('/w/rest.php/oauth2/client').send({
          name: 'MW',
          description: 'd',
          email: 'dev@example.org',
          is_confidential: true,
          grant_types: ['authorization_code'],
          scopes: ['basic'],
          callback_url: `https://app.example.org/cb${c}x`,
        });
        expect(mw.status).toBe(400);
        expect(await count('consumers')).toBe(before);
      },
    );

    describe('oauth_callback at initiate, for a prefix consumer', () => {
      let c: { consumerKey: string; secret: string };

      beforeAll(async () => {
        const proposed = await propose(
          dev,
          oauth1Proposal({ callbackUrl: 'https://app.example.org/cb', callbackIsPrefix: true }),
        );
        await admin
          .post(`/api/v1/consumers/${proposed.consumerKey}/review`)
          .set('If-Match', proposed.etag)
          .send({ action: 'approve', reason: 'ok' })
          .expect(200);
        c = { consumerKey: proposed.consumerKey, secret: proposed.secret as string };
      });

      const initiate = (callback: string) => {
        const path = '/oauth1/initiate?format=json';
        const header = signedHeader(signer(c.consumerKey, c.secret), {
          url: `${BASE}${path}`,
          method: 'POST',
          data: { oauth_callback: callback },
        });
        return request(t.server).post(path).set('Authorization', header);
      };

      it('still accepts a URL that extends the registered prefix, and Allow leads there', async () => {
        const res = await initiate('https://app.example.org/cb/more?x=1').expect(200);
        const { location } = await consent(user, `/oauth1/authorize?oauth_token=${res.body.key}`);
        expect(location).toMatch(/^https:\/\/app\.example\.org\/cb\/more\?x=1&oauth_verifier=/);
      });

      it.each(CONTROLS.map((ch) => [JSON.stringify(ch), ch]))(
        'refuses a callback with %s, recording nothing',
        async (_name, ch) => {
          const authorizations = await count('authorizations');
          const res = await initiate(`https://app.example.org/cb${ch}Set-Cookie: x=1`);
          expect(res.status).toBe(400);
          expect(res.body.error).toBe('mwoauth-callback-not-oob-or-prefix');
          expect(await count('authorizations')).toBe(authorizations);
        },
      );
    });

    it('refuses a redirect_uri with control characters at /oauth2/authorize', async () => {
      const proposed = await propose(dev, oauth2Proposal({ callbackUrl: 'https://app.example.org/cb' }));
      await admin
        .post(`/api/v1/consumers/${proposed.consumerKey}/review`)
        .set('If-Match', proposed.etag)
        .send({ action: 'approve', reason: 'ok' })
        .expect(200);
      for (const ch of CONTROLS) {
        const query = new URLSearchParams({
          client_id: proposed.consumerKey,
          response_type: 'code',
          redirect_uri: `https://app.example.org/cb${ch}`,
          code_challenge: 'x'.repeat(43),
          code_challenge_method: 'S256',
        });
        const res = await user.get(`/oauth2/authorize?${query}`);
        expect(res.status).toBe(400);
        expect(res.headers.location).toBeUndefined();
      }
    });
  });
});
