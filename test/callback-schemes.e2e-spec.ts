import TestAgent from 'supertest/lib/agent';
import { oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const NO_PERIOD = 'mwoauth-error-callback-url-custom-scheme-no-period';

/** RFC 8252 §7.1: a private-use callback scheme must be reverse-domain unless ALLOWED_CALLBACK_SCHEMES lists it. */
describe.each(databaseKinds())('private-use callback schemes on %s', (kind) => {
  async function start(env: Record<string, string> = {}): Promise<{ t: TestApp; dev: TestAgent }> {
    const t = await createTestApp(kind, env);
    const user = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    return { t, dev: await loginAgent(t.server, user.username, user.password) };
  }
  const count = async (t: TestApp) => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM consumers'))[0].n);
  const publicClient = (callbackUrl: string) => oauth2Proposal({ callbackUrl, oauth2IsConfidential: false });

  describe('by default', () => {
    let t: TestApp;
    let dev: TestAgent;
    beforeAll(async () => {
      ({ t, dev } = await start());
    });
    afterAll(async () => {
      await t.close();
    });

    it.each([['ms-msdt:foo'], ['search-ms:query=x'], ['myapp://cb'], ['MyApp://cb']])(
      'refuses a public client with callback %p: 400, even with ignoreWarnings, writing nothing',
      async (callbackUrl) => {
        const before = await count(t);
        const res = await dev
          .post('/api/v1/consumers')
          .send({ ...publicClient(callbackUrl), ignoreWarnings: true })
          .expect(400);
        expect(res.body.error).toBe('invalid_request');
        expect(res.body.details).toContainEqual(
          expect.objectContaining({
            field: 'callbackUrl',
            code: NO_PERIOD,
            message: expect.stringContaining('ALLOWED_CALLBACK_SCHEMES'),
          }),
        );
        expect(await count(t)).toBe(before);
      },
    );

    it('still accepts a reverse-domain scheme for a public client', async () => {
      const c = await propose(dev, publicClient('com.example.app:/cb'));
      expect(c.callbackUrl).toBe('com.example.app:/cb');
    });

    it("refuses ms-msdt:foo on MediaWiki's REST route too, writing nothing", async () => {
      const before = await count(t);
      const res = await dev
        .post('/w/rest.php/oauth2/client')
        .send({
          name: 'MW Native',
          description: 'x',
          callback_url: 'ms-msdt:foo',
          email: 'dev@example.org',
          is_confidential: false,
          grant_types: ['authorization_code', 'refresh_token'],
          scopes: ['basic'],
        })
        .expect(400);
      // An error, not a warning (validation_warnings), which this route could never accept anyway.
      expect(res.body.error).toBe('invalid_request');
      expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'callbackUrl', code: NO_PERIOD }));
      expect(await count(t)).toBe(before);
    });
  });

  describe('with ALLOWED_CALLBACK_SCHEMES=myapp,javascript', () => {
    let t: TestApp;
    let dev: TestAgent;
    beforeAll(async () => {
      ({ t, dev } = await start({ ALLOWED_CALLBACK_SCHEMES: 'myapp,javascript' }));
    });
    afterAll(async () => {
      await t.close();
    });

    it('accepts myapp://cb for a public client', async () => {
      const before = await count(t);
      const c = await propose(dev, publicClient('myapp://cb'));
      expect(c.callbackUrl).toBe('myapp://cb');
      expect(await count(t)).toBe(before + 1);
    });

    it.each([
      ['a scheme it does not list', publicClient('ms-msdt:foo'), NO_PERIOD],
      [
        'a confidential client',
        oauth2Proposal({ callbackUrl: 'myapp://cb' }),
        'mwoauth-error-callback-url-custom-protocol-nonconfidential',
      ],
      ['javascript:, even when listed', publicClient('javascript:alert(1)'), 'mwoauth-invalid-field-with-details'],
    ])('still refuses %s, writing nothing', async (_name, body, code) => {
      const before = await count(t);
      const res = await dev.post('/api/v1/consumers').send(body).expect(400);
      expect(res.body.details).toContainEqual(expect.objectContaining({ field: 'callbackUrl', code }));
      expect(await count(t)).toBe(before);
    });
  });
});
