import fc from 'fast-check';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { ChangeEmailDto, ChangeEmailFormDto } from '../src/accounts/dto/change-email.dto';
import { ChangePasswordFormDto } from '../src/accounts/dto/change-password-form.dto';
import { ChangePasswordDto } from '../src/accounts/dto/change-password.dto';
import { ForgotPasswordFormDto } from '../src/accounts/dto/forgot-password-form.dto';
import { ResetPasswordFormDto } from '../src/accounts/dto/reset-password-form.dto';
import { UpdateProfileDto, UpdateProfileFormDto } from '../src/accounts/dto/update-profile.dto';
import { AuditQuery } from '../src/audit/dto/audit-query.dto';
import { LoginFormDto } from '../src/accounts/dto/login-form.dto';
import { RegisterFormDto } from '../src/accounts/dto/register-form.dto';
import { NarrowAuthorizationDto } from '../src/authorizations/dto/authorization.response';
import { ListConsumersQuery, ListLogQuery } from '../src/consumers/dto/list-consumers.query';
import {
  MediaWikiClientDto,
  MediaWikiListClientsQuery,
  MediaWikiResetSecretDto,
} from '../src/consumers/dto/mediawiki-client.dto';
import { ProposeConsumerDto } from '../src/consumers/dto/propose-consumer.dto';
import { ReviewConsumerDto } from '../src/consumers/dto/review-consumer.dto';
import { ResetSecretDto, UpdateConsumerDto } from '../src/consumers/dto/update-consumer.dto';
import { VerifyRequestDto } from '../src/gateway/dto/verify-request.dto';
import { UserSearchQuery } from '../src/user-admin/dto/user-search.query';
import { CreateUserDto } from '../src/users/dto/create-user.dto';
import { UpdateUserDto } from '../src/users/dto/update-user.dto';
import { oauth1Proposal, oauth2Proposal } from './helpers/consumers';
import { databaseKinds } from './helpers/databases';
import {
  CONTROLS,
  deepJson,
  dtoFields,
  errorShaped,
  FEW_NON_STRINGS,
  NON_STRINGS,
  PHP_STYLE_QUERY,
  Prober,
  tableDigest,
} from './helpers/fuzz';
import { signedHeader, signer } from './helpers/oauth1';
import { registerClient, RegisteredClient } from './helpers/oauth2';
import { csrfTokenOf, loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';
import { makeUser } from './helpers/users';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const BASE = 'http://consentry.test';
const GATEWAY_SECRET = 'fuzz-gateway-secret-0123456789abcdef0123';

/** Values a careless or hostile client sends: wrong types, huge, encoded oddly, duplicated. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer().map(String),
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%zz',
    '%00',
    '\u0000',
    '../../etc/passwd',
    '<script>',
    "' OR 1=1 --",
    'null',
    'undefined',
    '[]',
    '{}',
    'NaN',
    '-1',
    '1e309',
    'x'.repeat(5000),
    'é',
    '\ud83d\ude00',
    'a=b&c=d',
    'Bearer',
    'OAuth realm="x"',
    'http://evil.example/',
    'javascript:alert(1)',
    '__proto__',
    'constructor',
  ),
);
const PARAM_NAMES = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'code',
  'code_verifier',
  'code_challenge',
  'code_challenge_method',
  'grant_type',
  'refresh_token',
  'token',
  'client_secret',
  'oauth_token',
  'oauth_consumer_key',
  'oauth_callback',
  'oauth_verifier',
  'format',
  'title',
  'name',
  'version',
  'grants',
  'action',
  'reason',
  'decision',
  'username',
  'password',
  'returnTo',
  'cursor',
  'limit',
  'stage',
  'owner',
  'nonce',
  'prompt',
  'max_age',
  'display',
  'revision',
  'suppress',
  'restrictions',
  'rsaKey',
  'callbackUrl',
  'email',
  'passwordConfirm',
  // The lists' and account pages' own fields. Not `currentPassword`: wrong ones would lock the agents
  // out (docs/security.md#other-promises); not `realName` or `language`: a valid one legitimately writes.
  'account',
  'handle',
  'q',
  'page',
  'group',
  'sort',
  'offset',
  'since',
  'until',
  'actor',
  'consumer',
  'performer',
  'consumerKey',
  '__proto__',
];
const params = fc.dictionary(fc.constantFrom(...PARAM_NAMES), fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })), {
  maxKeys: 6,
});
const jsonBody = fc.oneof(params, fc.jsonValue({ maxDepth: 3 }));
const headers = fc.record({
  authorization: fc.option(
    fc.oneof(
      nasty,
      nasty.map((v) => `Bearer ${v}`),
      nasty.map((v) => `OAuth oauth_consumer_key="${v}"`),
      nasty.map((v) => `Basic ${v}`),
    ),
    { nil: undefined },
  ),
  accept: fc.option(fc.constantFrom('text/html', 'application/json', '*/*'), { nil: undefined }),
});

type Method = 'get' | 'post' | 'patch' | 'delete';
type Target = [method: Method, path: string, body: 'query' | 'form' | 'json'];
type Who = 'anonymous' | 'user' | 'admin';

/**
 * Every public endpoint gets generated malformed, oversized, duplicated, wrongly encoded and
 * wrongly typed parameters and headers; then, on purpose, the inputs of
 * docs/security.md#other-promises: bodies too deep or too wide, PHP-style parameter names, gateway
 * headers that disagree, a value of every JSON type in every field, and control characters in every
 * URL. The property: never a 5xx, always an error in the endpoint's own shape, and a refused
 * request changes no row.
 */
describe.each(databaseKinds())('fuzzing every endpoint on %s', (kind) => {
  let t: TestApp;
  let agents: Record<Who, TestAgent>;
  let client: RegisteredClient;
  let prefixConsumer: RegisteredClient;
  let targets: Target[];
  let loginAgents: () => Promise<void>;
  /** Users the typed fuzz may change: its successes must not touch the agents' accounts. */
  let spare: { id: number; agent: TestAgent };

  beforeAll(async () => {
    t = await createTestApp(kind, { PUBLIC_URL: BASE, GATEWAY_SECRET, DISABLED_API_ACTIONS: 'edit,delete' });
    // Password hashing is slow on purpose: users and logins go in parallel.
    const [dev, admin, spareUser] = await Promise.all([
      makeUser(t.app, { email: 'dev@example.org', emailVerified: true }),
      makeUser(t.app, { groups: ['oauthadmin', 'suppress', 'sysop'] }),
      makeUser(t.app),
    ]);
    loginAgents = async () => {
      const [adminAgent, devAgent] = await Promise.all([
        loginAgent(t.server, admin.username, admin.password),
        loginAgent(t.server, dev.username, dev.password),
      ]);
      agents = { anonymous: request.agent(t.server), user: devAgent, admin: adminAgent };
    };
    const [spareAgent] = await Promise.all([
      loginAgent(t.server, spareUser.username, spareUser.password),
      loginAgents(),
    ]);
    spare = { id: spareUser.id, agent: spareAgent };
    client = await registerClient(agents.user, agents.admin, { callbackUrl: 'https://fuzz.example.org/cb' });
    prefixConsumer = await registerClient(
      agents.user,
      agents.admin,
      oauth1Proposal({ callbackUrl: 'https://fuzz.example.org/cb', callbackIsPrefix: true }),
    );
    const pendingKey = (
      await agents.user
        .post('/api/v1/consumers')
        .send(oauth2Proposal({ name: 'Fuzz pending' }))
        .expect(201)
    ).body.consumerKey as string;
    const k = client.consumerKey;
    targets = [
      ['get', '/oauth2/authorize', 'query'],
      ['post', '/oauth2/authorize', 'form'],
      ['post', '/oauth2/token', 'form'],
      ['post', '/oauth2/token', 'json'],
      ['post', '/oauth2/introspect', 'form'],
      ['post', '/oauth2/revoke', 'form'],
      ['get', '/oauth2/userinfo', 'query'],
      ['post', '/oauth2/userinfo', 'form'],
      ['get', '/oauth2/resource/profile', 'query'],
      ['get', '/w/rest.php/oauth2/authorize', 'query'],
      ['post', '/w/rest.php/oauth2/access_token', 'form'],
      ['get', '/oauth1/initiate', 'query'],
      ['post', '/oauth1/initiate', 'form'],
      ['post', '/oauth1/token', 'form'],
      ['post', '/oauth1/identify', 'form'],
      ['get', '/oauth1/authorize', 'query'],
      ['post', '/oauth1/authorize', 'form'],
      ['get', '/oauth1/verified', 'query'],
      ['get', '/w/index.php', 'query'],
      ['post', '/w/index.php', 'form'],
      ['get', '/wiki/Special:OAuth/identify', 'query'],
      ['post', '/wiki/Special:OAuth/authorize', 'form'],
      ['get', '/auth/verify', 'query'],
      ['post', '/auth/verify', 'json'],
      ['get', '/api/v1/consumers', 'query'],
      ['post', '/api/v1/consumers', 'json'],
      ['get', `/api/v1/consumers/${k}`, 'query'],
      ['patch', `/api/v1/consumers/${k}`, 'json'],
      ['post', `/api/v1/consumers/${k}/review`, 'json'],
      ['post', `/api/v1/consumers/${k}/reset-secret`, 'json'],
      ['get', '/api/v1/consumer-log', 'query'],
      ['get', '/api/v1/consumers/stats', 'query'],
      ['get', `/api/v1/consumers/${k}/authorizations`, 'query'],
      ['get', '/api/v1/me/authorizations', 'query'],
      ['patch', '/api/v1/me/authorizations/1', 'json'],
      ['delete', '/api/v1/me/authorizations/1', 'query'],
      ['post', '/api/v1/users', 'json'],
      ['patch', '/api/v1/users/1', 'json'],
      ['get', '/api/v1/users/1', 'query'],
      ['get', '/api/v1/grants', 'query'],
      ['post', '/api/v1/users/me/password', 'json'],
      ['get', '/api/v1/audit', 'query'],
      ['post', '/w/rest.php/oauth2/client', 'json'],
      ['post', '/w/rest.php/oauth2/client', 'form'],
      ['get', '/w/rest.php/oauth2/client', 'query'],
      // Not here: POST /w/rest.php/oauth2/client/{key}/reset_secret and the reset-secret page,
      // which succeed for the owner with any body (they legitimately write); their refusals are
      // tested in consumers-api.e2e-spec.ts, and below with a caller who is not the owner.
      ['get', '/login', 'query'],
      ['post', '/login', 'form'],
      ['post', '/register', 'form'],
      ['get', '/confirm-email', 'query'],
      ['get', '/consumers', 'query'],
      ['post', '/consumers/propose/oauth2', 'form'],
      ['post', '/consumers/propose/oauth1a', 'form'],
      ['get', `/consumers/${k}`, 'query'],
      ['post', `/consumers/${k}/update`, 'form'],
      ['get', '/manage/consumers', 'query'],
      ['post', `/manage/consumers/${k}`, 'form'],
      ['get', '/me/apps', 'query'],
      ['post', '/me/apps/1/revoke', 'form'],
      ['post', '/me/apps/1/narrow', 'form'],
      ['get', '/me/apps/1', 'query'],
      ['get', '/me/apps/1/revoke', 'query'],
      ['get', '/', 'query'],
      ['get', '/register', 'query'],
      ['post', '/confirm-email/resend', 'form'],
      ['get', '/forgot-password', 'query'],
      ['post', '/forgot-password', 'form'],
      ['get', '/reset-password', 'query'],
      ['post', '/reset-password', 'form'],
      ['get', '/account', 'query'],
      ['post', '/account/email', 'form'],
      ['post', '/account/profile', 'form'],
      ['get', '/account/email/confirm', 'query'],
      ['get', '/account/password', 'query'],
      ['post', '/account/password', 'form'],
      ['get', '/account/sessions', 'query'],
      ['post', '/account/sessions/others', 'form'],
      ['post', '/account/sessions/end', 'form'],
      ['get', '/api/v1/users', 'query'],
      ['get', '/api/v1/users/me', 'query'],
      ['post', '/api/v1/users/me/email', 'json'],
      ['patch', '/api/v1/users/me', 'json'],
      ['get', '/api/v1/users/me/sessions', 'query'],
      ['delete', '/api/v1/users/me/sessions/not-a-handle', 'query'],
      ['post', `/api/v1/users/${spare.id}/unlock-login`, 'json'],
      ['get', '/api/v1/consumers/mine', 'query'],
      ['get', `/api/v1/consumers/${k}/log`, 'query'],
      ['get', '/consumers/mine', 'query'],
      ['get', '/consumers/propose/oauth2', 'query'],
      ['get', `/consumers/${k}/copy`, 'query'],
      ['get', `/consumers/${k}/created`, 'query'],
      ['get', `/consumers/${k}/reset-secret`, 'query'],
      ['get', '/manage/consumers/stage/proposed', 'query'],
      ['get', `/manage/consumers/${k}`, 'query'],
      ['get', `/manage/consumers/${k}/disable`, 'query'],
      // A proposed consumer: disabling one that is approved would succeed with a valid revision.
      ['post', `/manage/consumers/${pendingKey}/disable`, 'form'],
      ['get', '/manage/audit', 'query'],
      ['get', '/manage/users', 'query'],
      ['get', `/manage/users/${spare.id}`, 'query'],
      // The spare user has no explicit groups: a form without `groups` keeps it so.
      ['post', `/manage/users/${spare.id}/groups`, 'form'],
      ['get', `/manage/users/${spare.id}/block`, 'query'],
      // Not confirmed (no `confirm=yes`): the confirmation page again, nothing changed.
      ['post', `/manage/users/${spare.id}/block`, 'form'],
      ['post', `/manage/users/${spare.id}/lift-lockout`, 'form'],
      ['get', '/oauth2/jwks', 'query'],
      ['get', '/.well-known/openid-configuration', 'query'],
      // Last: a fuzzed form with a valid CSRF token does log the agent out, and the targets above
      // must meet logged-in agents.
      ['post', '/logout', 'form'],
    ];
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const withBody = () =>
    targets.filter(([method, path]) => (method === 'post' || method === 'patch') && path !== '/logout');
  const isPage = (path: string) => !/^\/(api|oauth1|oauth2|w|wiki|auth)\//.test(path);
  const csrfOf = async (agent: TestAgent) => csrfTokenOf((await agent.get('/login')).text);
  /** The request as a page would send it: with the agent's CSRF token, and the gateway secret where it is asked for. */
  function open(who: Who | 'spare', method: Method, path: string): request.Test {
    const req = (who === 'spare' ? spare.agent : agents[who])[method](path);
    return path === '/auth/verify' ? req.set('X-Gateway-Secret', GATEWAY_SECRET) : req;
  }
  const json = (value: unknown) => JSON.stringify(value) ?? 'null';

  it("never answers 5xx, answers in the endpoint's error shape, and changes nothing (generated input)", async () => {
    const before = await tableDigest(t.dataSource);
    const failures: string[] = [];
    const tokens = new Map<Who, string>();
    for (const [method, path, kindOfBody] of targets) {
      const anyone = fc.constantFrom<Who>('anonymous', 'user', 'admin');
      await fc.assert(
        fc.asyncProperty(anyone, params, jsonBody, headers, fc.boolean(), async (who, query, body, head, withCsrf) => {
          const agent = agents[who];
          let req = agent[method](path);
          if (kindOfBody === 'query' || method === 'get' || method === 'delete')
            req = req.query(query as Record<string, string>);
          else if (kindOfBody === 'form') {
            // A real form often carries a valid CSRF token: the fuzz then reaches past that check.
            const form = { ...(query as Record<string, unknown>) };
            if (withCsrf && who !== 'anonymous') {
              if (!tokens.has(who)) tokens.set(who, await csrfOf(agent));
              form._csrf = tokens.get(who);
            }
            req = req.type('form').send(form as Record<string, string>);
          } else req = req.set('Content-Type', 'application/json').send(json(body));
          // Only what HTTP can carry in a header (latin-1, no control characters) reaches the server.
          if (head.authorization)
            req = req.set('Authorization', head.authorization.replace(/[^\x20-\x7e\x80-\xff]/g, '?').slice(0, 8000));
          if (head.accept) req = req.set('Accept', head.accept);
          const res = await req;
          const shaped = errorShaped(res);
          if (res.status >= 500 || !shaped) {
            failures.push(
              `${method.toUpperCase()} ${path} → ${res.status}${shaped ? '' : ' (unshaped)'} ` +
                `${res.text.slice(0, 200)} (query ${JSON.stringify(query).slice(0, 200)})`,
            );
          }
          return res.status < 500 && shaped;
        }),
        { numRuns: RUNS },
      );
    }
    expect(failures).toEqual([]);
    // Only what a fuzzer may legitimately change is allowed to change: sessions and audit counters
    // are not guarded; nothing here may create or change users, consumers, authorizations or tokens.
    expect(await tableDigest(t.dataSource)).toBe(before);
    // POST /logout, fuzzed last, may have ended the agents' sessions.
    await loginAgents();
  }, 600_000);

  it('refuses bodies too deep or too wide on every route with a 400, before anything reads them', async () => {
    const prober = new Prober(t.dataSource);
    const wideObject = json(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])));
    const bodies: [string, string, string][] = [
      ['JSON 30,000 deep', 'application/json', deepJson(30_000)],
      ['JSON objects 33 deep', 'application/json', deepJson(33, 'object')],
      ['JSON 1,001 members', 'application/json', wideObject],
      ['JSON 1,001 list items', 'application/json', json({ grants: Array(1001).fill('basic') })],
      [
        'a form of 1,001 names',
        'application/x-www-form-urlencoded',
        Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&'),
      ],
      [
        'a form of one name 1,001 times',
        'application/x-www-form-urlencoded',
        Array(1001).fill('grants=basic').join('&'),
      ],
    ];
    for (const [method, path] of withBody()) {
      for (const [name, type, body] of bodies) {
        await prober.probe(
          `${method} ${path} ${name}`,
          () => open('admin', method, path).set('Content-Type', type).send(body),
          (res) => (res.status === 400 ? undefined : 'not a 400'),
        );
      }
    }
    expect(prober.failures).toEqual([]);
  }, 120_000);

  it('reads PHP-style parameter names (`%20action`, `action%00`, `action[]`) anywhere without a 5xx', async () => {
    const prober = new Prober(t.dataSource);
    for (const [method, path, kindOfBody] of targets.slice(0, -1)) {
      await prober.probe(`${method} ${path}?php`, () =>
        open('admin', method, `${path}${path.includes('?') ? '&' : '?'}${PHP_STYLE_QUERY}`),
      );
      if (kindOfBody === 'form') {
        const csrf = isPage(path) ? `&_csrf=${encodeURIComponent(await csrfOf(agents.admin))}` : '';
        await prober.probe(`${method} ${path} php form`, () =>
          open('admin', method, path).type('form').send(`${PHP_STYLE_QUERY}${csrf}`),
        );
      }
    }
    expect(prober.failures).toEqual([]);
  }, 120_000);

  it('answers disagreeing X-Original-* / X-Forwarded-* pairs at /auth/verify without a 5xx', async () => {
    const prober = new Prober(t.dataSource);
    const pairs: Record<string, string | string[]>[] = [
      { 'X-Original-URI': '/w/api.php?action=query', 'X-Forwarded-Uri': '/w/api.php?action=edit' },
      { 'X-Original-URI': '/w/api.php?action=edit', 'X-Forwarded-Uri': '/w/api.php?action=query' },
      { 'X-Original-URI': `/w/api.php?${PHP_STYLE_QUERY}`, 'X-Forwarded-Uri': '/w/api.php' },
      { 'X-Original-Method': 'GET', 'X-Forwarded-Method': 'POST' },
      { 'X-Original-Method': 'DELETE', 'X-Forwarded-Method': 'get' },
      { 'X-Original-Method': 'NOT A METHOD', 'X-Forwarded-Method': '' },
      {
        'X-Forwarded-Host': 'evil.example, consentry.test',
        'X-Forwarded-Proto': 'gopher, https',
        'X-Forwarded-For': '203.0.113.7, not-an-ip',
      },
      { 'X-Original-URI': 'no-slash', 'X-Forwarded-Uri': '//evil.example/w/api.php?action=edit' },
      { 'X-Original-URI': '/%ff/%zz?%', 'X-Forwarded-Uri': '/\u00ff?action=\u00e9dit' },
      {
        'X-Original-URI': ['/w/api.php?action=query', '/w/api.php?action=edit'],
        'X-Forwarded-Method': ['GET', 'POST'],
      },
      { 'X-Original-URI': `/${'a'.repeat(7000)}`, 'X-Forwarded-Uri': '/' },
    ];
    const authorizations = [
      undefined,
      'Bearer not-a-token',
      'OAuth oauth_consumer_key="x", oauth_signature="y"',
      `Bearer ${client.accessToken ?? 'x'}`,
    ];
    for (const [i, pair] of pairs.entries()) {
      for (const authorization of authorizations) {
        await prober.probe(`GET /auth/verify pair ${i} ${authorization ?? ''}`, () => {
          const req = agents.anonymous.get('/auth/verify').set(pair);
          return authorization ? req.set('Authorization', authorization) : req;
        });
      }
      const described = Object.fromEntries(Object.entries(pair).map(([k, v]) => [k.toLowerCase(), v]));
      const body = {
        method: 'POST',
        url: `${BASE}/w/api.php?action=query`,
        body: 'action=edit',
        clientIp: '203.0.113.7',
        headers: { ...described, 'content-type': 'application/x-www-form-urlencoded' },
      };
      await prober.probe(`POST /auth/verify pair ${i}`, () =>
        agents.anonymous.post('/auth/verify').set('X-Gateway-Secret', GATEWAY_SECRET).send(body),
      );
    }
    expect(prober.failures).toEqual([]);
  }, 120_000);

  it('type-checks every field of every form and DTO: numbers, booleans, arrays, objects and null', async () => {
    const prober = new Prober(t.dataSource);
    const csrf = await csrfOf(agents.admin);
    // Every field name of every route at once, with one type; the JSON goes to form routes too.
    const allFields = [
      ...new Set([...PARAM_NAMES.filter((n) => n !== '__proto__'), ...DTOS.flatMap(([, dto]) => dtoFields(dto))]),
    ];
    for (const [method, path] of withBody()) {
      for (const value of NON_STRINGS) {
        const body = {
          ...Object.fromEntries(allFields.map((f) => [f, value])),
          ...(isPage(path) ? { _csrf: csrf } : {}),
        };
        await prober.probe(`${method} ${path} all=${json(value)}`, () =>
          open('admin', method, path).set('Content-Type', 'application/json').send(json(body)),
        );
      }
      // A body that is not an object at all.
      for (const [type, body] of [
        ...['null', '1', '"x"', '[]', 'true'].map((b) => ['application/json', b]),
        ['text/plain', 'name=x'],
      ]) {
        await prober.probe(`${method} ${path} ${type} ${body}`, () =>
          open('admin', method, path).set('Content-Type', type).send(body),
        );
      }
      // A form can repeat every name: each value then is an array.
      const repeated =
        allFields.flatMap((f) => [`${f}=a`, `${f}=b`]).join('&') +
        (isPage(path) ? `&_csrf=${encodeURIComponent(csrf)}` : '');
      await prober.probe(`${method} ${path} repeated names`, () =>
        open('admin', method, path).type('form').send(repeated),
      );
    }
    // One field at a time, the others valid, so that checks after the first are reached too.
    for (const [method, path, dto, base, who] of dtoRoutes()) {
      // The caller's own token, so that the form's fields are read, not refused at the CSRF check.
      const token = isPage(path) ? await csrfOf(who === 'spare' ? spare.agent : agents[who]) : undefined;
      for (const field of dtoFields(dto)) {
        for (const value of FEW_NON_STRINGS) {
          const body = { ...base, [field]: value, ...(token ? { _csrf: token } : {}) };
          await prober.probe(`${method} ${path} ${field}=${json(value)}`, () =>
            open(who, method, path).set('If-Match', '"r999"').send(body),
          );
        }
      }
    }
    for (const [path, dto] of QUERY_DTOS) {
      for (const field of dtoFields(dto)) {
        await prober.probe(`GET ${path} ${field} repeated`, () =>
          agents.admin.get(`${path}?${field}=1&${field}=2&${field}[x]=3`),
        );
      }
    }
    expect(prober.failures).toEqual([]);
  }, 300_000);

  it('refuses control characters in every URL a client supplies, and never redirects to one', async () => {
    const prober = new Prober(t.dataSource);
    const csrf = await csrfOf(agents.user);
    const refused = (res: request.Response) => (res.status >= 400 && res.status < 500 ? undefined : 'not refused');
    const noBadLocation = (c: string) => (res: request.Response) =>
      String(res.headers.location ?? '').includes(c) ? 'redirects to the URL' : undefined;
    for (const c of CONTROLS) {
      const url = `https://fuzz.example.org/cb${c}Set-Cookie:%20x=1`;
      const name = JSON.stringify(c);
      const proposals = [
        oauth1Proposal({ callbackUrl: url }),
        oauth2Proposal({ callbackUrl: url }),
        oauth1Proposal({ callbackUrl: url, callbackIsPrefix: true }),
      ];
      for (const proposal of proposals) {
        await prober.probe(`propose ${name}`, () => agents.user.post('/api/v1/consumers').send(proposal), refused);
      }
      await prober.probe(
        `MediaWiki client ${name}`,
        () => agents.user.post('/w/rest.php/oauth2/client').send({ ...MW_CLIENT, callback_url: url }),
        refused,
      );
      await prober.probe(
        `propose page ${name}`,
        () =>
          agents.user.post('/consumers/propose/oauth2').type('form').send({
            _csrf: csrf,
            name: 'Fuzz page',
            version: '1.0',
            description: 'd',
            callbackUrl: url,
            grants: 'basic',
            agreement: 'on',
            oauth2IsConfidential: 'on',
            oauth2GrantTypes: 'authorization_code',
          }),
        refused,
      );
      const initiate = '/oauth1/initiate?format=json';
      const oauth = signer(prefixConsumer.consumerKey, prefixConsumer.secret);
      const header = signedHeader(oauth, { url: `${BASE}${initiate}`, method: 'POST', data: { oauth_callback: url } });
      await prober.probe(
        `initiate ${name}`,
        () => agents.anonymous.post(initiate).set('Authorization', header),
        (res) =>
          refused(res) ?? (res.body.error === 'mwoauth-callback-not-oob-or-prefix' ? undefined : 'another refusal'),
      );
      const authorize = new URLSearchParams({
        client_id: client.consumerKey,
        response_type: 'code',
        redirect_uri: url,
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
      });
      await prober.probe(
        `authorize ${name}`,
        () => agents.user.get(`/oauth2/authorize?${authorize}`),
        (res) => refused(res) ?? noBadLocation(c)(res),
      );
      const exchange = {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: url,
        client_id: client.consumerKey,
        client_secret: client.secret,
      };
      await prober.probe(
        `token ${name}`,
        () => agents.anonymous.post('/oauth2/token').type('form').send(exchange),
        refused,
      );
      await prober.probe(
        `verify ${name}`,
        () =>
          agents.anonymous
            .post('/auth/verify')
            .set('X-Gateway-Secret', GATEWAY_SECRET)
            .send({ method: 'GET', url: `${BASE}/w/api.php?action=query${c}`, headers: {}, clientIp: '203.0.113.7' }),
        refused,
      );
      await prober.probe(
        `login returnTo ${name}`,
        () => agents.anonymous.get(`/login?returnTo=${encodeURIComponent(`/x${c}y`)}`),
        noBadLocation(c),
      );
      // Header values carry only what HTTP allows (TAB, and C1 as latin-1 bytes).
      if (/^[\t\x80-\xff]+$/.test(c)) {
        await prober.probe(`gateway header ${name}`, () =>
          agents.anonymous.get('/auth/verify').set('X-Original-URI', `/w/api.php?action=query${c}`),
        );
      }
    }
    expect(prober.failures).toEqual([]);
  }, 120_000);

  it('answers odd path parameters (ids, keys, handles, actions) without a 5xx, and changes nothing', async () => {
    const prober = new Prober(t.dataSource);
    const k = client.consumerKey;
    const id = String(spare.id);
    // `{}` is where the odd segment goes; the other segments are real, so the odd one is what is read.
    const templates: [Method, string][] = [
      ['get', '/api/v1/consumers/{}'],
      ['patch', '/api/v1/consumers/{}'],
      ['post', '/api/v1/consumers/{}/review'],
      ['post', '/api/v1/consumers/{}/reset-secret'],
      ['get', '/api/v1/consumers/{}/log'],
      ['get', '/api/v1/consumers/{}/authorizations'],
      ['patch', '/api/v1/me/authorizations/{}'],
      ['delete', '/api/v1/me/authorizations/{}'],
      ['get', '/api/v1/users/{}'],
      ['patch', '/api/v1/users/{}'],
      ['post', '/api/v1/users/{}/unlock-login'],
      ['delete', '/api/v1/users/me/sessions/{}'],
      ['post', '/w/rest.php/oauth2/client/{}/reset_secret'],
      ['get', '/oauth2/resource/{}'],
      ['get', '/wiki/Special:OAuth/{}'],
      ['get', '/consumers/propose/{}'],
      ['post', '/consumers/propose/{}'],
      ['get', '/consumers/{}'],
      ['get', '/consumers/{}/copy'],
      ['get', '/consumers/{}/created'],
      ['post', '/consumers/{}/update'],
      ['get', '/consumers/{}/reset-secret'],
      ['post', '/consumers/{}/reset-secret'],
      ['get', '/manage/consumers/stage/{}'],
      ['get', '/manage/consumers/{}'],
      ['post', '/manage/consumers/{}'],
      ['get', '/manage/consumers/{}/disable'],
      ['post', '/manage/consumers/{}/disable'],
      ['get', '/manage/users/{}'],
      ['post', '/manage/users/{}/groups'],
      ['get', `/manage/users/${id}/{}`],
      ['post', `/manage/users/${id}/{}`],
      ['get', '/manage/users/{}/block'],
      ['post', '/manage/users/{}/lift-lockout'],
      ['get', '/me/apps/{}'],
      ['get', '/me/apps/{}/revoke'],
      ['post', '/me/apps/{}/revoke'],
      ['post', '/me/apps/{}/narrow'],
    ];
    const segments = [
      '0',
      '-1',
      '1.5',
      '1e3',
      '0x10',
      '99999999999999999999',
      '2147483648',
      ' 1',
      'abc',
      k.toUpperCase(),
      `${k}x`,
      '%00',
      '%ff',
      '%0d%0a',
      '%25',
      '%2e%2e',
      encodeURIComponent('ä'),
      encodeURIComponent('\u{1F600}'),
      'x'.repeat(3000),
      '__proto__',
      'constructor',
      'toString',
    ];
    const csrf = await csrfOf(agents.admin);
    for (const [method, template] of templates) {
      for (const segment of segments) {
        const path = template.replace('{}', segment);
        await prober.probe(`${method} ${path.slice(0, 80)}`, () => {
          const req = agents.admin[method](path);
          if (method === 'get' || method === 'delete') return req;
          return isPage(path) ? req.type('form').send({ _csrf: csrf }) : req.set('If-Match', '"r999"').send({});
        });
      }
    }
    expect(prober.failures).toEqual([]);
  }, 300_000);

  /** Routes with a DTO body, and a valid body to vary one field of (If-Match stays stale: nothing changes). */
  function dtoRoutes(): [Method, string, new () => object, Record<string, unknown>, Who | 'spare'][] {
    const k = client.consumerKey;
    return [
      ['post', '/api/v1/consumers', ProposeConsumerDto, oauth2Proposal({ name: 'Fuzz typed' }), 'admin'],
      [
        'patch',
        `/api/v1/consumers/${k}`,
        UpdateConsumerDto,
        { restrictions: ['0.0.0.0/0'], rsaKey: '', reason: 'fuzz' },
        'admin',
      ],
      [
        'post',
        `/api/v1/consumers/${k}/review`,
        ReviewConsumerDto,
        { action: 'disable', reason: 'fuzz', suppress: false },
        'admin',
      ],
      ['post', `/api/v1/consumers/${k}/reset-secret`, ResetSecretDto, { reason: 'fuzz' }, 'admin'],
      [
        'post',
        '/api/v1/users',
        CreateUserDto,
        { username: 'FuzzTyped', password: 'password-fuzz-typed', email: 'f@example.org', groups: [] },
        'admin',
      ],
      ['patch', `/api/v1/users/${spare.id}`, UpdateUserDto, { groups: ['autoconfirmed'], blocked: false }, 'admin'],
      [
        'post',
        '/api/v1/users/me/password',
        ChangePasswordDto,
        { currentPassword: 'not-the-password', newPassword: 'new-password-123' },
        'spare',
      ],
      ['patch', '/api/v1/me/authorizations/999999', NarrowAuthorizationDto, { grants: ['basic'] }, 'admin'],
      [
        'post',
        '/w/rest.php/oauth2/client',
        MediaWikiClientDto,
        { ...MW_CLIENT, callback_url: 'https://fuzz.example.org/mw' },
        'admin',
      ],
      ['post', `/w/rest.php/oauth2/client/${k}/reset_secret`, MediaWikiResetSecretDto, { reason: 'fuzz' }, 'admin'],
      [
        'post',
        '/auth/verify',
        VerifyRequestDto,
        { method: 'GET', url: `${BASE}/w/api.php?action=query`, headers: {}, clientIp: '203.0.113.7' },
        'anonymous',
      ],
      ['post', '/login', LoginFormDto, { username: 'nobody-fuzz', password: 'wrong-password' }, 'anonymous'],
      [
        'post',
        '/register',
        RegisterFormDto,
        { username: 'FuzzReg', email: 'other@example.org', password: 'short', passwordConfirm: 'different' },
        'anonymous',
      ],
      [
        'post',
        '/consumers/propose/oauth2',
        ProposeConsumerDto,
        { ...oauth2Proposal({ name: 'Fuzz page typed' }), agreement: 'on' },
        'user',
      ],
      // One field at a time and nothing else valid: a profile change that succeeded would write.
      ['patch', '/api/v1/users/me', UpdateProfileDto, {}, 'spare'],
      ['post', '/account/profile', UpdateProfileFormDto, {}, 'spare'],
      [
        'post',
        '/api/v1/users/me/email',
        ChangeEmailDto,
        { email: 'spare-new@example.org', currentPassword: 'not-the-password' },
        'spare',
      ],
      [
        'post',
        '/account/email',
        ChangeEmailFormDto,
        { email: 'spare-new@example.org', currentPassword: 'not-the-password' },
        'spare',
      ],
      [
        'post',
        '/account/password',
        ChangePasswordFormDto,
        { currentPassword: 'not-the-password', newPassword: 'new-password-123', newPasswordConfirm: 'x' },
        'spare',
      ],
      ['post', '/forgot-password', ForgotPasswordFormDto, { account: 'nobody-fuzz' }, 'anonymous'],
      [
        'post',
        '/reset-password',
        ResetPasswordFormDto,
        { token: 'not-a-token', password: 'new-password-123', passwordConfirm: 'new-password-123' },
        'anonymous',
      ],
    ];
  }
});

/** A MediaWiki client registration (docs/mediawiki-compatibility.md#rest), but for its callback. */
const MW_CLIENT = {
  name: 'Fuzz MW',
  description: 'd',
  email: 'dev@example.org',
  is_confidential: true,
  grant_types: ['authorization_code'],
  scopes: ['basic'],
};

/** Every DTO the API validates, for the names of their fields. */
const DTOS: [string, new () => object][] = [
  ['propose', ProposeConsumerDto],
  ['update', UpdateConsumerDto],
  ['review', ReviewConsumerDto],
  ['reset', ResetSecretDto],
  ['create user', CreateUserDto],
  ['update user', UpdateUserDto],
  ['password', ChangePasswordDto],
  ['narrow', NarrowAuthorizationDto],
  ['mediawiki', MediaWikiClientDto],
  ['mediawiki reset', MediaWikiResetSecretDto],
  ['verify', VerifyRequestDto],
  ['login', LoginFormDto],
  ['register', RegisterFormDto],
  ['profile', UpdateProfileDto],
  ['profile form', UpdateProfileFormDto],
  ['email', ChangeEmailDto],
  ['email form', ChangeEmailFormDto],
  ['password form', ChangePasswordFormDto],
  ['forgot password', ForgotPasswordFormDto],
  ['reset password', ResetPasswordFormDto],
];

/** Query DTOs: a value there is a string, or an array when the name repeats. */
const QUERY_DTOS: [string, new () => object][] = [
  ['/api/v1/consumers', ListConsumersQuery],
  ['/api/v1/consumer-log', ListLogQuery],
  ['/w/rest.php/oauth2/client', MediaWikiListClientsQuery],
  ['/api/v1/users', UserSearchQuery],
  ['/api/v1/audit', AuditQuery],
];
