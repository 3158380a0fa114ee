import fc from 'fast-check';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { oauth1Proposal } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import { registerClient, RegisteredClient } from './helpers/oauth2';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const TABLES = ['users', 'user_groups', 'consumers', 'consumer_log', 'authorizations', 'oauth2_tokens', 'oauth2_signing_keys'];

/** Values a careless or hostile client sends: wrong types, huge, encoded oddly, duplicated. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer().map(String),
  fc.constantFrom('', ' ', '%', '%zz', '%00', '\u0000', '../../etc/passwd', '<script>', "' OR 1=1 --", 'null', 'undefined', '[]', '{}', 'NaN', '-1', '1e309',
    'x'.repeat(5000), 'é', '\ud83d\ude00', 'a=b&c=d', 'Bearer', 'OAuth realm="x"', 'http://evil.example/', 'javascript:alert(1)', '__proto__', 'constructor'),
);
const params = fc.dictionary(
  fc.constantFrom('client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code', 'code_verifier', 'code_challenge', 'code_challenge_method',
    'grant_type', 'refresh_token', 'token', 'client_secret', 'oauth_token', 'oauth_consumer_key', 'oauth_callback', 'format', 'title', 'name',
    'version', 'grants', 'action', 'reason', 'decision', 'username', 'password', 'returnTo', 'cursor', 'limit', 'stage', 'owner', 'nonce', '__proto__'),
  fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })), { maxKeys: 6 },
);
const jsonBody = fc.oneof(params, fc.jsonValue({ maxDepth: 3 }));
const headers = fc.record({
  authorization: fc.option(fc.oneof(nasty, nasty.map((v) => `Bearer ${v}`), nasty.map((v) => `OAuth oauth_consumer_key="${v}"`), nasty.map((v) => `Basic ${v}`)), { nil: undefined }),
  accept: fc.option(fc.constantFrom('text/html', 'application/json', '*/*'), { nil: undefined }),
});

type Target = [method: 'get' | 'post' | 'patch' | 'delete', path: string, body: 'query' | 'form' | 'json'];

/**
 * Every public endpoint gets generated malformed, oversized, duplicated, wrongly encoded and
 * wrongly typed parameters and headers. The property: never a 5xx, always an error in the
 * endpoint's own shape, and no change in the database.
 */
describe.each(databaseKinds())('fuzzing every endpoint on %s', (kind) => {
  let t: TestApp;
  let agents: { anonymous: TestAgent; user: TestAgent; admin: TestAgent };
  let client: RegisteredClient;
  let targets: Target[];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const dev = await makeUser(t.app, { email: 'dev@example.org', emailVerified: true });
    const admin = await makeUser(t.app, { groups: ['oauthadmin', 'suppress', 'sysop'] });
    const adminAgent = await loginAgent(t.server, admin.username, admin.password);
    const devAgent = await loginAgent(t.server, dev.username, dev.password);
    client = await registerClient(devAgent, adminAgent, { callbackUrl: 'https://fuzz.example.org/cb' });
    await registerClient(devAgent, adminAgent, oauth1Proposal());
    agents = { anonymous: request.agent(t.server), user: devAgent, admin: adminAgent };
    const k = client.consumerKey;
    targets = [
      ['get', '/oauth2/authorize', 'query'], ['post', '/oauth2/authorize', 'form'], ['post', '/oauth2/token', 'form'], ['post', '/oauth2/token', 'json'],
      ['post', '/oauth2/introspect', 'form'], ['post', '/oauth2/revoke', 'form'], ['get', '/oauth2/userinfo', 'query'], ['get', '/oauth2/resource/profile', 'query'],
      ['get', '/w/rest.php/oauth2/authorize', 'query'], ['post', '/w/rest.php/oauth2/access_token', 'form'],
      ['get', '/oauth1/initiate', 'query'], ['post', '/oauth1/initiate', 'form'], ['post', '/oauth1/token', 'form'], ['post', '/oauth1/identify', 'form'],
      ['get', '/oauth1/authorize', 'query'], ['post', '/oauth1/authorize', 'form'], ['get', '/oauth1/verified', 'query'],
      ['get', '/w/index.php', 'query'], ['post', '/w/index.php', 'form'], ['get', '/wiki/Special:OAuth/identify', 'query'],
      ['get', '/auth/verify', 'query'], ['post', '/auth/verify', 'json'],
      ['get', '/api/v1/consumers', 'query'], ['post', '/api/v1/consumers', 'json'], ['get', `/api/v1/consumers/${k}`, 'query'],
      ['patch', `/api/v1/consumers/${k}`, 'json'], ['post', `/api/v1/consumers/${k}/review`, 'json'], ['post', `/api/v1/consumers/${k}/reset-secret`, 'json'],
      ['get', '/api/v1/consumer-log', 'query'], ['get', '/api/v1/consumers/stats', 'query'], ['get', `/api/v1/consumers/${k}/authorizations`, 'query'],
      ['get', '/api/v1/me/authorizations', 'query'], ['patch', '/api/v1/me/authorizations/1', 'json'], ['delete', '/api/v1/me/authorizations/1', 'query'],
      ['post', '/api/v1/users', 'json'], ['patch', '/api/v1/users/1', 'json'], ['get', '/api/v1/users/1', 'query'], ['get', '/api/v1/grants', 'query'],
      ['post', '/w/rest.php/oauth2/client', 'json'], ['post', '/w/rest.php/oauth2/client', 'form'], ['get', '/w/rest.php/oauth2/client', 'query'],
      // Not here: POST /w/rest.php/oauth2/client/{key}/reset_secret, which MediaWiki defines to
      // succeed for the owner with any body (it would legitimately write); its refusals are tested
      // in consumers-api.e2e-spec.ts.
      ['get', '/login', 'query'], ['post', '/login', 'form'], ['post', '/register', 'form'], ['get', '/confirm-email', 'query'],
      ['get', '/consumers', 'query'], ['post', '/consumers/propose/oauth2', 'form'], ['get', `/consumers/${k}`, 'query'], ['post', `/consumers/${k}/update`, 'form'],
      ['get', '/manage/consumers', 'query'], ['post', `/manage/consumers/${k}`, 'form'], ['get', '/me/apps', 'query'], ['post', '/me/apps/1/revoke', 'form'],
      // Last: a fuzzed form with a valid CSRF token does log the agent out, and the targets above
      // must meet logged-in agents.
      ['post', '/logout', 'form'],
    ];
  }, 60_000);
  afterAll(async () => { await t.close(); });

  async function counts(): Promise<number[]> {
    return Promise.all(TABLES.map(async (table) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n)));
  }

  it('never answers 5xx, answers in the endpoint\'s error shape, and changes nothing', async () => {
    const before = await counts();
    const failures: string[] = [];
    for (const [method, path, kindOfBody] of [...Array(1)].flatMap(() => targets)) {
      await fc.assert(fc.asyncProperty(fc.constantFrom('anonymous', 'user', 'admin'), params, jsonBody, headers, fc.boolean(), async (who, query, body, head, withCsrf) => {
        const agent = agents[who as keyof typeof agents];
        let req = agent[method](path);
        if (kindOfBody === 'query' || method === 'get' || method === 'delete') req = req.query(query as Record<string, string>);
        else if (kindOfBody === 'form') {
          // A real form often carries a valid CSRF token: the fuzz then reaches past that check.
          const form = { ...(query as Record<string, unknown>) };
          if (withCsrf && who !== 'anonymous') form._csrf = csrfTokenOf((await agent.get('/login')).text);
          req = req.type('form').send(form as Record<string, string>);
        } else req = req.set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
        // Only what HTTP can carry in a header (latin-1, no control characters) reaches the server.
        if (head.authorization) req = req.set('Authorization', head.authorization.replace(/[^\x20-\x7e\x80-\xff]/g, '?').slice(0, 8000));
        if (head.accept) req = req.set('Accept', head.accept);
        const res = await req;
        const shaped = errorShaped(res);
        if (res.status >= 500 || !shaped) failures.push(`${method.toUpperCase()} ${path} → ${res.status}${shaped ? '' : ' (unshaped)'} ${res.text.slice(0, 200)} (query ${JSON.stringify(query).slice(0, 200)})`);
        return res.status < 500 && shaped;
      }), { numRuns: RUNS });
    }
    expect(failures).toEqual([]);
    // Only what a fuzzer may legitimately create is allowed to change: sessions are not in TABLES;
    // nothing here may create users, consumers, authorizations or tokens.
    expect(await counts()).toEqual(before);
  }, 600_000);
});

/**
 * A refusal in one of the shapes the endpoints promise: JSON with an `error` string (RFC 6749
 * §5.2, the admin API, the gateway), a page (HTML), OAuth 1.0a problem text (plain text), or a
 * redirect that says where. Successes pass as they are.
 */
function errorShaped(res: { status: number; headers: Record<string, string>; body: unknown; text: string }): boolean {
  if (res.status < 300) return true;
  if (res.status < 400) return typeof res.headers.location === 'string' && res.headers.location.length > 0;
  const type = res.headers['content-type'] ?? '';
  if (type.includes('application/json')) return typeof (res.body as { error?: unknown })?.error === 'string';
  return (type.includes('text/html') || type.includes('text/plain')) && res.text.length > 0;
}
