import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const UNKNOWN_TOKEN = '0123456789abcdef0123456789abcdef';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/**
 * Error pages are pages (views/error.hbs): the header keeps who is logged in, a 404 says "not
 * found", and OAuth 1.0a errors at the steps a person's browser visits are a page with MediaWiki's
 * E-code (docs/mediawiki-compatibility.md#errors), while clients keep the text and JSON formats.
 */
describe.each(databaseKinds())('Error pages on %s', (kind) => {
  let t: TestApp;
  let alice: TestAgent;
  let username: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const user = await makeUser(t.app);
    username = user.username;
    alice = await loginAgent(t.server, user.username, user.password);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('404', () => {
    it('shows a logged-in user their name in the header, and says the page was not found', async () => {
      const res = await alice.get('/no/such/page').set('Accept', HTML).expect(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-language']).toBe('en');
      expect(res.text).toContain(`<strong>${username}</strong>`);
      expect(res.text).toContain('<title>Page not found – Consentry</title>');
      expect(res.text).toContain('There is no page at this address.');
      expect(res.text).toContain('Not found.');
      // The header's logout form works from here too: it carries a CSRF token.
      expect(res.text).toMatch(/action="\/logout"[\s\S]*name="_csrf" value="[^"]+"/);
    });

    it('shows the login link to someone logged out', async () => {
      const res = await request(t.server).get('/no/such/page').set('Accept', HTML).expect(404);
      expect(res.text).toContain('href="/login"');
      expect(res.text).not.toContain('action="/logout"');
      expect(res.text).toContain('Page not found');
    });

    it('stays JSON for API clients', async () => {
      const res = await alice.get('/no/such/page').expect(404);
      expect(res.body).toEqual({ error: 'not_found', message: 'Not found.' });
      const api = await alice.get('/api/v1/no-such-thing').set('Accept', HTML).expect(404);
      expect(api.body).toEqual({ error: 'not_found', message: 'Not found.' });
    });

    it('keeps the login state on other error pages (a bad form post)', async () => {
      const res = await alice.post('/logout').set('Accept', HTML).type('form').send({ _csrf: 'forged' }).expect(403);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain(`<strong>${username}</strong>`);
      expect(res.text).toContain('Something went wrong');
    });
  });

  describe('OAuth 1.0a at the authorize step', () => {
    const paths = [
      `/oauth1/authorize?oauth_token=${UNKNOWN_TOKEN}`,
      `/w/index.php?title=Special:OAuth/authorize&oauth_token=${UNKNOWN_TOKEN}`,
      `/wiki/Special:OAuth/authorize?oauth_token=${UNKNOWN_TOKEN}`,
    ];

    it.each(paths)('is an HTML page with the E-code in a browser: %s', async (path) => {
      const res = await alice.get(path).set('Accept', HTML).set('Sec-Fetch-Mode', 'navigate').expect(401);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('Application connection error');
      expect(res.text).toContain('Error code: E004 (mwoauthdatastore-request-token-not-found)');
      expect(res.text).toContain('This authorization request was not found: it may have expired.');
      expect(res.text).toContain(`<strong>${username}</strong>`);
    });

    it.each(paths)('stays as it was for clients: %s', async (path) => {
      const text = await alice.get(path).expect(401);
      expect(text.headers['content-type']).toContain('text/plain');
      expect(text.text).toBe(
        'Error: The request token was not found: it may have expired, restart the authorization. (E004)',
      );
      // A script in a page (Fetch Metadata says so) and an explicit format keep MediaWiki's formats.
      const fetched = await alice.get(path).set('Accept', HTML).set('Sec-Fetch-Mode', 'cors').expect(401);
      expect(fetched.headers['content-type']).toContain('text/plain');
      const json = await alice.get(`${path}&format=json`).set('Accept', HTML).expect(401);
      expect(json.body).toEqual({
        error: 'mwoauthdatastore-request-token-not-found',
        message: expect.stringContaining('(E004)'),
      });
    });

    it('shows the out-of-band verified page’s error (E001) as a page too', async () => {
      const res = await request(t.server).get('/oauth1/verified').set('Accept', HTML).expect(400);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('Error code: E001 (mwoauth-bad-request-missing-params)');
      const plain = await request(t.server).get('/oauth1/verified').expect(400);
      expect(plain.text).toBe('Error: The request is missing oauth_verifier or oauth_token. (E001)');
    });

    it('keeps the other steps in the clients’ formats even for text/html (initiate is never a page)', async () => {
      const res = await request(t.server).get('/oauth1/initiate').set('Accept', HTML);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.text).toMatch(/^Error: /);
    });
  });
});
