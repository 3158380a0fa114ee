import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { backends } from './helpers/backends';
import { oauth2Proposal } from './helpers/consumers';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

/** A proposal as the OAuth 2 form posts it. */
function proposalForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: `Page App ${Math.random().toString(36).slice(2, 8)}`,
    version: '1.0',
    description: 'Made by the consumer pages test.',
    callbackUrl: 'https://app.example.org/callback',
    grants: 'editpage',
    agreement: 'on',
    oauth2IsConfidential: 'on',
    oauth2GrantTypes: 'authorization_code',
    ...overrides,
  };
}

/** The attributes of the element with `id` in `html`. */
function tagOf(html: string, id: string): string {
  const match = new RegExp(`<(?:input|textarea|fieldset)[^>]*\\bid="${id}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no element #${id}`);
  return match[0];
}

/** Handlebars escapes `=` and `&` in attributes. */
const unescaped = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

const listed = (html: string) => [...html.matchAll(/<li><a href="\/consumers\/([0-9a-f]{32})">/g)].map((m) => m[1]);

// Sessions and the one-time secret live in Redis too when TEST_REDIS_URL is set.
describe.each(backends())('consumer pages on %s', (_label, kind, env) => {
  let t: TestApp;
  let dev: TestAgent;
  let devName: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { ALLOW_REGISTRATION: 'true', ...env });
    const user = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    devName = user.username;
    dev = await loginAgent(t.server, user.username, user.password);
  });
  afterAll(async () => {
    await t.close();
  });

  async function post(agent: TestAgent, path: string, form: Record<string, string>, from = path) {
    const page = await agent.get(from).expect(200);
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: csrfTokenOf(page.text), ...form });
  }

  async function myCount(agent: TestAgent): Promise<number> {
    return (await agent.get('/api/v1/consumers/mine?limit=100').expect(200)).body.items.length;
  }

  describe('form errors', () => {
    it('shows every problem of a proposal at once, by label, next to its field, with the values kept', async () => {
      const before = await myCount(dev);
      const res = await post(
        dev,
        '/consumers/propose/oauth2',
        proposalForm({
          name: '',
          version: 'not a version',
          description: 'Kept <b>as typed</b>',
          callbackUrl: 'ftp://app.example.org/cb',
          grants: 'no-such-grant',
          agreement: '',
          restrictions: 'not-an-ip',
        }),
        '/consumers/propose/oauth2',
      );
      expect(res.status).toBe(400);
      const summary = /<div class="errors" role="alert"[\s\S]*?<\/div>/.exec(res.text)![0];
      // The type check (name) and the proposal's rules (the rest) together, each with its label.
      for (const [id, label] of [
        ['name', 'Application name'],
        ['version', 'Version'],
        ['callbackUrl', 'Callback URL'],
        ['grants', 'What the application may do'],
        ['restrictions', 'Allowed IP ranges'],
        ['agreement', 'Developer agreement'],
      ]) {
        expect(summary).toContain(`<a href="#${id}">${label}</a>:`);
        const tag = tagOf(res.text, id);
        expect(tag).toContain('aria-invalid="true"');
        expect(tag).toMatch(new RegExp(`aria-describedby="[^"]*\\b${id}-error\\b`));
        expect(res.text).toMatch(new RegExp(`<p id="${id}-error" class="field-error">[^<]+</p>`));
      }
      expect(summary).not.toContain('oauthVersion');
      expect(tagOf(res.text, 'description')).not.toContain('aria-invalid');
      expect(res.text).toContain('Kept &lt;b&gt;as typed&lt;/b&gt;</textarea>');
      expect(res.text).toContain('not-an-ip</textarea>');
      expect(tagOf(res.text, 'version')).toContain('value="not a version"');
      expect(await myCount(dev)).toBe(before);
    });

    it('labels the register form problems, keeps the name and address, never the passwords', async () => {
      const agent = request.agent(t.server);
      const res = await post(agent, '/register', {
        username: 'Fresh Person',
        email: 'not-an-address',
        password: 'short',
        passwordConfirm: 'short',
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain('<a href="#email">Email address</a>:');
      expect(res.text).toContain('<a href="#password">Password</a>:');
      expect(tagOf(res.text, 'email')).toContain('aria-invalid="true"');
      expect(tagOf(res.text, 'email')).toContain('aria-describedby="email-help email-error"');
      expect(tagOf(res.text, 'username')).not.toContain('aria-invalid');
      expect(tagOf(res.text, 'username')).toContain('value="Fresh Person"');
      expect(tagOf(res.text, 'email')).toContain('value="not-an-address"');
      expect(tagOf(res.text, 'password')).not.toContain('value=');

      const differ = await post(agent, '/register', {
        username: 'Fresh Person',
        email: 'fresh@example.org',
        password: 'long-enough-1',
        passwordConfirm: 'long-enough-2',
      });
      expect(differ.status).toBe(400);
      expect(differ.text).toContain('<a href="#passwordConfirm">Password again</a>:');
      expect(differ.text).not.toContain('<strong>passwordConfirm</strong>');
      expect(tagOf(differ.text, 'passwordConfirm')).toContain('aria-invalid="true"');
      expect(differ.text).not.toContain('long-enough');
    });

    it('keeps what was typed in a failed update, with the problem by its field', async () => {
      const consumer = (await dev.post('/api/v1/consumers').send(oauth2Proposal()).expect(201)).body;
      const res = await post(
        dev,
        `/consumers/${consumer.consumerKey}/update`,
        { restrictions: '10.0.0.0/8\nbogus', reason: 'Narrowing', revision: '1' },
        `/consumers/${consumer.consumerKey}`,
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('<a href="#restrictions">Allowed IP ranges</a>:');
      expect(tagOf(res.text, 'restrictions')).toContain('aria-invalid="true"');
      expect(res.text).toContain('10.0.0.0/8\nbogus</textarea>');
      expect(tagOf(res.text, 'reason')).toContain('value="Narrowing"');
    });
  });

  describe('a confirmed address first', () => {
    it('says so before the form, links to the account page and offers the confirmation mail again', async () => {
      const user = await makeUser(t.app, { email: 'unconfirmed@example.org', emailVerified: false });
      const agent = await loginAgent(t.server, user.username, user.password);
      const page = await agent.get('/consumers/propose/oauth2').expect(200);
      expect(page.text).toContain('Confirm your email address before you register an application.');
      expect(page.text).toContain('href="/account"');
      expect(page.text).toContain('action="/confirm-email/resend"');
      expect(page.text).not.toContain('action="/consumers/propose/oauth2"');
    });

    it('without any address: the account link, no confirmation mail to resend', async () => {
      const user = await makeUser(t.app);
      const agent = await loginAgent(t.server, user.username, user.password);
      const page = await agent.get('/consumers/propose/oauth1a').expect(200);
      expect(page.text).toContain('You need an email address');
      expect(page.text).toContain('href="/account"');
      expect(page.text).not.toContain('/confirm-email/resend');
      expect(page.text).not.toContain('action="/consumers/propose/oauth1a"');
    });
  });

  describe('the one-time secret page', () => {
    it('shows the secret once after a proposal; a reload says it is gone and proposes nothing', async () => {
      const before = await myCount(dev);
      const form = proposalForm();
      const res = await post(dev, '/consumers/propose/oauth2', form);
      expect(res.status).toBe(303);
      const location: string = res.headers.location;
      const key = /^\/consumers\/([0-9a-f]{32})\/created$/.exec(location)![1];
      expect(JSON.stringify(res.headers)).not.toMatch(/[0-9a-f]{64}/);

      const shown = await dev.get(location).expect(200);
      const secret = /<output id="secret" class="secret">([0-9a-f]{64})<\/output>/.exec(shown.text)![1];
      expect(shown.headers['cache-control']).toBe('no-store');
      expect(shown.text).toContain('<title>Your application is registered');
      expect(shown.text).toContain('<script src="/static/copy.js" defer></script>');

      const again = await dev.get(location).expect(410);
      expect(again.text).toContain('The secret is no longer shown');
      expect(again.text).not.toContain(secret);
      expect(again.text).toContain(`href="/consumers/${key}/reset-secret"`);

      // The form sent twice (back, resubmit) is the same name and version: refused, not a second one.
      const twice = await post(dev, '/consumers/propose/oauth2', form);
      expect(twice.status).toBe(409);
      await dev.post(location).type('form').send({}).expect(404);
      expect(await myCount(dev)).toBe(before + 1);
    });

    it('shows a real secret (it authenticates), and only to the session that proposed', async () => {
      const owner = await makeUser(t.app, { email: 'owner@example.org', emailVerified: true });
      const first = await loginAgent(t.server, owner.username, owner.password);
      const second = await loginAgent(t.server, owner.username, owner.password);
      const res = await post(first, '/consumers/propose/oauth2', {
        ...proposalForm({ ownerOnly: 'on' }),
        oauth2GrantTypes: '',
        callbackUrl: '',
      });
      expect(res.status).toBe(303);
      // Another session of the same user does not see it, and does not use it up.
      await second.get(res.headers.location).expect(410);
      const shown = await first.get(res.headers.location).expect(200);
      const secret = /<output id="secret" class="secret">([0-9a-f]{64})<\/output>/.exec(shown.text)![1];
      expect(shown.text).toMatch(/<output id="access-token" class="secret">[^<]{20,}<\/output>/);
      const key = /\/consumers\/([0-9a-f]{32})\//.exec(res.headers.location)![1];
      const token = await request(t.server)
        .post('/oauth2/token')
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: key, client_secret: secret });
      expect(token.status).toBe(200);
      expect(token.body.access_token).toEqual(expect.any(String));
    });
  });

  describe('resetting the secret', () => {
    it('asks on a page of its own, then shows the new secret once', async () => {
      const consumer = (await dev.post('/api/v1/consumers').send(oauth2Proposal()).expect(201)).body;
      const key = consumer.consumerKey as string;
      const view = await dev.get(`/consumers/${key}`).expect(200);
      expect(view.text).toContain(`<a class="button danger" href="/consumers/${key}/reset-secret">`);
      expect(view.text).not.toContain(`action="/consumers/${key}/reset-secret"`);
      expect(view.text).toContain(`<title>${consumer.name} – `);

      const confirm = await dev.get(`/consumers/${key}/reset-secret`).expect(200);
      expect(confirm.text).toContain(`action="/consumers/${key}/reset-secret"`);
      expect(confirm.text).toContain('<button type="submit" class="danger">Reset the secret</button>');
      expect(confirm.text).toMatch(/<title>Reset the secret – /);

      const res = await post(
        dev,
        `/consumers/${key}/reset-secret`,
        { reason: 'Leaked', revision: '1' },
        `/consumers/${key}/reset-secret`,
      );
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/consumers/${key}/created`);
      const shown = await dev.get(res.headers.location).expect(200);
      expect(shown.text).toContain('The secret is reset');
      const secret = /<output id="secret" class="secret">([0-9a-f]{64})<\/output>/.exec(shown.text)![1];
      expect(secret).not.toBe(consumer.secret);
      const gone = await dev.get(res.headers.location).expect(410);
      expect(gone.text).not.toContain(secret);

      // A stale form (the revision moved on) changes nothing and says why on the same page.
      const stale = await post(
        dev,
        `/consumers/${key}/reset-secret`,
        { revision: '1' },
        `/consumers/${key}/reset-secret`,
      );
      expect(stale.status).toBe(412);
      expect(stale.text).toContain('class="errors"');
    });

    it('is not offered to someone else', async () => {
      const consumer = (await dev.post('/api/v1/consumers').send(oauth2Proposal()).expect(201)).body;
      const other = await makeUser(t.app, { email: 'other@example.org', emailVerified: true });
      const agent = await loginAgent(t.server, other.username, other.password);
      const view = await agent.get(`/consumers/${consumer.consumerKey}`).expect(200);
      expect(view.text).not.toContain('reset-secret');
      await agent.get(`/consumers/${consumer.consumerKey}/reset-secret`).expect(403);
    });
  });

  describe('lists', () => {
    let searcher: TestAgent;
    const names = ['Wild 100% Tool', 'Wild_Card Bot', 'WildXCard Bot', 'wild 1000 Tool', 'Tame One'];
    const keys: Record<string, string> = {};

    beforeAll(async () => {
      const user = await makeUser(t.app, { email: 'lists@example.org', emailVerified: true });
      searcher = await loginAgent(t.server, user.username, user.password);
      for (const name of names) {
        const body = (await searcher.post('/api/v1/consumers').send(oauth2Proposal({ name })).expect(201)).body;
        keys[name] = body.consumerKey;
      }
      for (let i = 0; i < 23; i += 1)
        await searcher
          .post('/api/v1/consumers')
          .send(oauth2Proposal({ name: `Paged ${i}` }))
          .expect(201);
    });

    it('searches names case-insensitively, with % and _ taken literally', async () => {
      const wild = await request(t.server).get('/consumers?stage=any&q=WILD').expect(200);
      expect(listed(wild.text).sort()).toEqual(
        names
          .slice(0, 4)
          .map((n) => keys[n])
          .sort(),
      );
      expect(wild.text).toContain('Applications found: 4');

      const percent = await request(t.server).get('/consumers?stage=any&q=%25').expect(200);
      expect(listed(percent.text)).toEqual([keys['Wild 100% Tool']]);
      const underscore = await request(t.server).get('/consumers?stage=any&q=d_c').expect(200);
      expect(listed(underscore.text)).toEqual([keys['Wild_Card Bot']]);
      const bang = await request(t.server).get('/consumers?stage=any&q=!').expect(200);
      expect(listed(bang.text)).toEqual([]);
      expect(bang.text).toContain('Applications found: 0');
    });

    it('finds by key and by owner on the public list', async () => {
      const key = keys['Tame One'];
      const byKey = await request(t.server).get(`/consumers?stage=any&q=${key.slice(4, 20).toUpperCase()}`);
      expect(listed(byKey.text)).toEqual([key]);
      const byOwner = await request(t.server).get(`/consumers?stage=any&q=${devName.toLowerCase()}`).expect(200);
      expect(listed(byOwner.text).length).toBeGreaterThan(0);
      expect(listed(byOwner.text)).not.toContain(key);
    });

    it('pages with numbers, previous and next, and the total, keeping the search', async () => {
      const first = await searcher.get('/consumers/mine?q=paged').expect(200);
      expect(first.text).toContain('Applications found: 23');
      expect(listed(first.text)).toHaveLength(20);
      expect(first.text).toContain('<strong aria-current="page">1</strong>');
      expect(unescaped(first.text)).toContain('<a href="/consumers/mine?q=paged&page=2" rel="next">');
      expect(unescaped(first.text)).toContain('<a href="/consumers/mine?q=paged&page=2">2</a>');
      const second = await searcher.get('/consumers/mine?q=paged&page=2').expect(200);
      expect(listed(second.text)).toHaveLength(3);
      expect(unescaped(second.text)).toContain('<a href="/consumers/mine?q=paged" rel="prev">');
      expect(second.text).toContain('<strong aria-current="page">2</strong>');
      expect(new Set([...listed(first.text), ...listed(second.text)]).size).toBe(23);
      // Another owner's /mine has none of them; nonsense page numbers are page 1.
      const others = await dev.get('/consumers/mine?q=paged&page=-3').expect(200);
      expect(others.text).toContain('Applications found: 0');
      const all = await searcher.get('/consumers/mine?page=abc').expect(200);
      expect(all.text).toContain(`Applications found: ${names.length + 23}`);
    });

    it('refuses an over-long search with a 400 page, and keeps MediaWiki’s exact filters', async () => {
      const long = await request(t.server)
        .get(`/consumers?q=${'x'.repeat(200)}`)
        .set('Accept', 'text/html');
      expect(long.status).toBe(400);
      const exact = await request(t.server)
        .get(`/consumers?stage=any&name=${encodeURIComponent('Tame One')}`)
        .expect(200);
      expect(listed(exact.text)).toEqual([keys['Tame One']]);
      const nobody = await request(t.server).get('/consumers?stage=any&owner=Nobody%20Here').expect(200);
      expect(nobody.text).toContain('Applications found: 0');
    });

    it('folds the case of non-ASCII letters too, on every database', async () => {
      const name = 'Ärger Über Öl';
      const { consumerKey } = (await dev.post('/api/v1/consumers').send(oauth2Proposal({ name })).expect(201)).body;
      for (const q of ['ÄRGER', 'über öl', 'äRGER ÜBER']) {
        const found = await request(t.server)
          .get(`/consumers?stage=any&q=${encodeURIComponent(q)}`)
          .expect(200);
        expect(listed(found.text)).toEqual([consumerKey]);
      }
    });
  });
});
