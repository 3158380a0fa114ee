import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { buildProgram, CliIo } from '../src/cli/program';
import { oauth1Proposal, oauth2Proposal, propose } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

describe.each(databaseKinds())('consumer lists, stats, compatibility routes and CLI on %s', (kind) => {
  let t: TestApp;
  let dev: TestAgent;
  let devName: string;
  let admin: TestAgent;

  beforeAll(async () => {
    t = await createTestApp(kind, { AUTO_APPROVE: JSON.stringify([{ grants: ['basic', 'mwoauth-authonly'] }]) });
    const user = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    devName = user.username;
    dev = await loginAgent(t.server, user.username, user.password);
    const adminUser = await makeUser(t.app, { groups: ['oauthadmin'] });
    admin = await loginAgent(t.server, adminUser.username, adminUser.password);
  });
  afterAll(async () => {
    await t.close();
  });

  it('auto-approves what AUTO_APPROVE allows, and logs it as such', async () => {
    const c = await propose(dev, oauth2Proposal({ grants: ['mwoauth-authonly'] }));
    expect(c.stageName).toBe('approved');
    expect(c.grants).toEqual(['mwoauth-authonly']);
    const log = await request(t.server).get(`/api/v1/consumers/${c.consumerKey}/log`).expect(200);
    expect(log.body.items[0].action).toBe('propose-autoapproved');
    expect((await propose(dev, oauth2Proposal({ grants: ['editpage'] }))).stageName).toBe('proposed');
  });

  it('filters the public list and pages through it with a cursor', async () => {
    for (let i = 0; i < 5; i += 1)
      await propose(dev, oauth1Proposal({ name: 'Paged', version: `1.${i}`, grants: ['mwoauth-authonly'] }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.server)
        .get(`/api/v1/consumers?name=Paged&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i: { version: string }) => i.version));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['1.0', '1.1', '1.2', '1.3', '1.4']);
    const v1 = await request(t.server)
      .get(`/api/v1/consumers?owner=${devName}&oauthVersion=1&grant=mwoauth-authonly&limit=100`)
      .expect(200);
    expect(v1.body.items).toHaveLength(5);
    const proposed = await request(t.server).get('/api/v1/consumers?stage=proposed&grant=editpage').expect(200);
    expect(
      proposed.body.items.every(
        (i: { stageName: string; grants: string[] }) => i.stageName === 'proposed' && i.grants.includes('editpage'),
      ),
    ).toBe(true);
    await request(t.server)
      .get('/api/v1/consumers?owner=nobody-at-all')
      .expect(200)
      .expect((res) => expect(res.body.items).toEqual([]));
  });

  it.each([
    ['stage=sideways'],
    ['limit=0'],
    ['limit=101'],
    ['cursor=garbage'],
    ['oauthVersion=3'],
    ['grant=a%20b'],
    ['extra=1'],
  ])('refuses the query %s with 400', async (query) => {
    const res = await request(t.server).get(`/api/v1/consumers?${query}`).expect(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('counts consumers per stage for reviewers only', async () => {
    await dev.get('/api/v1/consumers/stats').expect(403);
    const res = await admin.get('/api/v1/consumers/stats').expect(200);
    expect(res.body.counts).toEqual(
      expect.objectContaining({
        proposed: expect.any(Number),
        approved: expect.any(Number),
        rejected: 0,
        expired: 0,
        disabled: 0,
        'configuration-based': 0,
      }),
    );
    expect(res.body.counts.approved).toBeGreaterThanOrEqual(6);
  });

  it('filters the consumer log by action and performer', async () => {
    const res = await request(t.server)
      .get(`/api/v1/consumer-log?action=propose-autoapproved&performer=${devName}`)
      .expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(6);
    expect(res.body.items.every((e: { action: string }) => e.action === 'propose-autoapproved')).toBe(true);
  });

  describe('MediaWiki REST client routes', () => {
    it("creates a client from a JSON body with MediaWiki's shapes", async () => {
      const res = await dev
        .post('/w/rest.php/oauth2/client')
        .send({
          name: 'MW Tool',
          version: '1.0',
          description: 'Made by a MediaWiki script',
          wiki: '*',
          owner_only: false,
          callback_url: 'https://tool.example.org/oauth',
          email: 'dev@example.org',
          is_confidential: true,
          grant_types: ['authorization_code', 'refresh_token'],
          scopes: ['editpage', 'not-a-scope'],
        })
        .expect(200);
      expect(res.body).toEqual({
        name: 'MW Tool',
        client_key: expect.stringMatching(/^[0-9a-f]{32}$/),
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const shown = await dev.get(`/api/v1/consumers/${res.body.client_key}`).expect(200);
      expect(shown.body.grants).toEqual(['basic', 'editpage']);
    });

    it('creates a client from a form body with pipe-separated lists', async () => {
      const res = await dev
        .post('/w/rest.php/oauth2/client')
        .type('form')
        .send({
          name: 'MW Form Tool',
          description: 'x',
          callback_url: 'https://tool.example.org/cb',
          email: 'dev@example.org',
          is_confidential: 'true',
          grant_types: 'authorization_code|refresh_token',
          scopes: 'basic|mwoauth-authonlyprivate',
        })
        .expect(200);
      const shown = await dev.get(`/api/v1/consumers/${res.body.client_key}`).expect(200);
      expect(shown.body.grants).toEqual(['mwoauth-authonlyprivate']);
    });

    it('refuses what MediaWiki refuses', async () => {
      const base = {
        name: 'Bad',
        description: 'x',
        email: 'dev@example.org',
        is_confidential: true,
        grant_types: ['authorization_code'],
        scopes: ['basic'],
      };
      const noCallback = await dev.post('/w/rest.php/oauth2/client').send(base).expect(400);
      expect(noCallback.body.error).toBe('mwoauth-error-missing-callback-url-non-owner');
      const mismatch = await dev
        .post('/w/rest.php/oauth2/client')
        .send({ ...base, callback_url: 'https://x.example.org/cb', email: 'x@example.org' })
        .expect(400);
      expect(mismatch.body.error).toBe('email_mismatched');
      await dev.post('/w/rest.php/oauth2/client').send({ name: 'No fields' }).expect(400);
      await request(t.server).post('/w/rest.php/oauth2/client').send(base).expect(401);
    });

    it("lists the caller's clients as MediaWiki does, with restrictions", async () => {
      const res = await dev.get('/w/rest.php/oauth2/client?limit=2&offset=0').expect(200);
      expect(res.body.total).toBeGreaterThanOrEqual(3);
      expect(res.body.clients).toHaveLength(2);
      expect(res.body.clients[0]).toEqual(
        expect.objectContaining({
          client_key: expect.any(String),
          name: 'MW Form Tool',
          oauth_version: 2,
          stage: expect.any(Number),
          owner_only: false,
          allowed_grants: ['authorization_code', 'refresh_token'],
          scopes: ['mwoauth-authonlyprivate'],
          restrictions: ['0.0.0.0/0', '::/0'],
        }),
      );
      const v1 = await dev.get('/w/rest.php/oauth2/client?oauth_version=1').expect(200);
      expect(v1.body.clients.every((c: { oauth_version: number }) => c.oauth_version === 1)).toBe(true);
    });

    it('resets a secret, for the owner only', async () => {
      const c = await propose(dev, oauth2Proposal({ restrictions: ['198.51.100.0/24'] }));
      const res = await dev
        .post(`/w/rest.php/oauth2/client/${c.consumerKey}/reset_secret`)
        .send({ reason: 'rotate' })
        .expect(200);
      expect(res.body).toEqual({
        name: c.name,
        client_key: c.consumerKey,
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(res.body.secret).not.toBe(c.secret);
      expect((await dev.get(`/api/v1/consumers/${c.consumerKey}`)).body.restrictions).toEqual(['198.51.100.0/24']);
      const stranger = await makeUser(t.app, { email: 's@example.org', emailVerified: true });
      const agent = await loginAgent(t.server, stranger.username, stranger.password);
      expect(
        (await agent.post(`/w/rest.php/oauth2/client/${c.consumerKey}/reset_secret`).send({}).expect(400)).body.error,
      ).toBe('mwoauth-consumer-user-mismatch');
      expect(
        (await dev.post('/w/rest.php/oauth2/client/0123456789abcdef0123456789abcdef/reset_secret').send({}).expect(400))
          .body.error,
      ).toBe('mwoauth-invalid-consumer-key');
    });
  });

  describe('CLI', () => {
    async function cli(...args: string[]): Promise<string> {
      const out: string[] = [];
      const io: CliIo = {
        open: async () => ({ context: t.app, close: async () => undefined }),
        out: (line) => out.push(line),
      };
      await buildProgram(io)
        .configureOutput({ writeErr: () => undefined })
        .parseAsync(['node', 'cli', ...args]);
      return out.join('\n');
    }

    it('consumer:create proposes for a user and approves with --approve', async () => {
      const printed = JSON.parse(
        await cli(
          'consumer:create',
          '--owner',
          devName,
          '--name',
          'Cli App',
          '--version',
          '2.0',
          '--oauth-version',
          '2',
          '--callback',
          'https://cli.example.org/cb',
          '--grants',
          'editpage,uploadfile',
          '--approve',
          '--json',
        ),
      );
      expect(printed).toMatchObject({
        name: 'Cli App',
        stageName: 'approved',
        grants: ['basic', 'editpage', 'uploadfile'],
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const log = await request(t.server).get(`/api/v1/consumers/${printed.consumerKey}/log`).expect(200);
      expect(
        log.body.items.map((e: { action: string; performer: unknown }) => [e.action, e.performer === null]),
      ).toEqual([
        ['approve', true],
        ['propose', false],
      ]);
    });

    it('consumer:create makes owner-only consumers with credentials', async () => {
      const printed = JSON.parse(
        await cli(
          'consumer:create',
          '--owner',
          devName,
          '--name',
          'Cli Bot',
          '--version',
          '1.0',
          '--oauth-version',
          '1',
          '--grants',
          'highvolume',
          '--owner-only',
          '--json',
        ),
      );
      expect(printed).toMatchObject({
        stageName: 'approved',
        ownerOnly: true,
        accessToken: expect.stringMatching(/^[0-9a-f]{32}$/),
        accessSecret: expect.any(String),
      });
    });

    it('consumer:review changes the stage and refuses bad input', async () => {
      const c = await propose(dev, oauth2Proposal());
      expect(await cli('consumer:review', c.consumerKey, '--action', 'reject', '--reason', 'Not needed')).toBe(
        `${c.name} [1.0] is now rejected`,
      );
      await expect(cli('consumer:review', c.consumerKey, '--action', 'reenable', '--reason', 'x')).rejects.toThrow(
        'Only disabled consumers can be re-enabled.',
      );
      await expect(
        cli('consumer:review', 'ffffffffffffffffffffffffffffffff', '--action', 'approve', '--reason', 'x'),
      ).rejects.toThrow('No consumer has the key');
      // A reason is optional for approve only, as on the review page and the API.
      const other = await propose(dev, oauth2Proposal());
      await expect(cli('consumer:review', other.consumerKey, '--action', 'reject')).rejects.toThrow('Give a reason.');
      expect(await cli('consumer:review', other.consumerKey, '--action', 'approve')).toBe(
        `${other.name} [1.0] is now approved`,
      );
      await expect(
        cli(
          'consumer:create',
          '--owner',
          devName,
          '--name',
          'X',
          '--version',
          '1',
          '--oauth-version',
          '2',
          '--grants',
          'nonsense',
        ),
      ).rejects.toThrow('The proposal is invalid.');
    });
  });
});

describe('proposal rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { PROPOSALS_PER_HOUR: '2' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses the proposal past PROPOSALS_PER_HOUR with 429 and Retry-After, per user', async () => {
    const user = await makeUser(t.app, { email: 'busy@example.org', emailVerified: true });
    const agent = await loginAgent(t.server, user.username, user.password);
    await propose(agent, oauth2Proposal());
    await propose(agent, oauth2Proposal());
    const res = await agent.post('/api/v1/consumers').send(oauth2Proposal()).expect(429);
    expect(res.body.error).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const other = await makeUser(t.app, { email: 'calm@example.org', emailVerified: true });
    await propose(await loginAgent(t.server, other.username, other.password), oauth2Proposal());
  });
});
