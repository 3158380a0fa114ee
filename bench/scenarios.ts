import { BenchConsumer, createConsumer, gatewayRequest, oauth1Request } from './clients';
import { authorize, authorizePath, basic, codeFrom, login, pkce, token, TokenResponse } from './flows';
import { CONNECTIONS, DURATION, measure, type Check, type MeasureOptions } from './measure';
import type { Row } from './report';
import type { BenchServer } from './server';

type Context = Record<string, unknown>;

export const form = { 'content-type': 'application/x-www-form-urlencoded' };
export const active: Check = (s, body) => s === 200 && body.includes('"active":true');

/** What the gateway scenarios (1–3) need on one server: two owner-only consumers, the request a gateway asks about. */
export interface GatewayFixtures {
  server: BenchServer;
  v2: BenchConsumer;
  v1: BenchConsumer;
  api: string;
  original: Record<string, string>;
}

/** What the scenarios need on one server: consumers, a logged-in user who has consented, tokens. */
export interface Fixtures extends GatewayFixtures {
  web: BenchConsumer;
  webAuth: string;
  serviceAuth: string;
  cookie: string;
  /** The first code flow's tokens: scenario 6 introspects its access token. */
  tokens: TokenResponse;
  /** Refresh tokens are single-use: each one is replaced by the one its rotation returns. */
  refreshPool: string[];
}

/**
 * The gateway scenarios' consumers on `server`. `suffix` tells apart the consumers of several
 * servers on one database in one run (name, owner and version are unique together).
 */
export function prepareGateway(server: BenchServer, suffix = ''): GatewayFixtures {
  // Owner-only consumers give credentials at once, without a browser.
  const v2 = createConsumer(server, `Bench OAuth 2${suffix}`, 2, ['--owner-only']);
  const v1 = createConsumer(server, `Bench OAuth 1${suffix}`, 1, ['--owner-only']);
  return { server, v2, v1, ...gatewayRequest(server.url) };
}

/** Consumers and tokens for every scenario on `server`; `suffix` as for prepareGateway. */
export async function prepare(server: BenchServer, suffix = ''): Promise<Fixtures> {
  const base = server.url;
  const gateway = prepareGateway(server, suffix);
  const service = createConsumer(server, `Bench service${suffix}`, 2, [
    '--grant-types',
    'client_credentials',
    '--approve',
  ]);
  const web = createConsumer(server, `Bench web app${suffix}`, 2, [
    '--callback',
    'https://client.example/callback',
    '--approve',
  ]);
  const webAuth = basic(web.consumerKey, web.secret);

  // The user consents once; later authorizations redirect at once (scenario 7 measures those).
  const cookie = await login(base, 'BenchAdmin', 'bench-admin-password');
  const redeem = async () => {
    const flow = await authorize(base, cookie, web.consumerKey);
    return token(base, webAuth, { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier });
  };
  const tokens = await redeem();
  const refreshPool: string[] = [tokens.refresh_token!];
  while (refreshPool.length < CONNECTIONS * 2) refreshPool.push((await redeem()).refresh_token!);

  return {
    ...gateway,
    web,
    webAuth,
    serviceAuth: basic(service.consumerKey, service.secret),
    cookie,
    tokens,
    refreshPool,
  };
}

/** The measured window's and the warmup's seconds, where not BENCH_SECONDS and BENCH_WARMUP_SECONDS. */
export type Load = Pick<MeasureOptions, 'duration' | 'warmup'>;

export interface Scenario {
  /** The scenario's number, as BENCH_ONLY names it and the report's rows begin. */
  n: number;
  title: string;
  /** A few words for the cluster table, whose rows are grouped by scenario. */
  short: string;
  /** Measures it under `label` (the row's first column). */
  run(label: string, load?: Load): Promise<Row>;
}

/**
 * The gateway scenarios (1–3: the ceiling, and /auth/verify with each protocol) against one
 * server; `npm run bench:compare` runs these alone.
 */
export function gatewayScenarios(fx: GatewayFixtures): Scenario[] {
  const base = fx.server.url;
  const own = { pid: fx.server.pid };
  const { original } = fx;
  return [
    {
      n: 1,
      short: 'ceiling',
      title: 'GET /healthz (ceiling)',
      run: (label, load) => measure(label, { url: `${base}/healthz` }, { ...own, ...load }),
    },
    {
      n: 2,
      short: 'Bearer verify',
      title: 'GET /auth/verify, Bearer JWT (warm)',
      run: (label, load) =>
        measure(
          label,
          { url: `${base}/auth/verify`, headers: { ...original, authorization: `Bearer ${fx.v2.accessToken}` } },
          { ...own, ...load },
        ),
    },
    {
      n: 3,
      short: 'OAuth 1.0a verify',
      title: 'GET /auth/verify, OAuth 1.0a HMAC-SHA1 (fresh nonce each)',
      run: (label, load) => {
        const perSecond = Number(process.env.BENCH_OAUTH1_POOL ?? 20_000);
        return measure(
          label,
          {
            url: `${base}/auth/verify`,
            requests: [oauth1Request(fx.v1, fx.api, original, perSecond * (load?.duration ?? DURATION))],
          },
          { ...own, ...load },
        );
      },
    },
  ];
}

/** Every scenario of `npm run bench` against one server; the cluster rows run some of them again on theirs. */
export function scenarios(fx: Fixtures): Scenario[] {
  const base = fx.server.url;
  const own = { pid: fx.server.pid };
  const { webAuth, cookie, refreshPool } = fx;
  return [
    ...gatewayScenarios(fx),
    {
      n: 4,
      short: 'client_credentials',
      title: 'POST /oauth2/token, client_credentials',
      run: (label, load) =>
        measure(
          label,
          {
            url: `${base}/oauth2/token`,
            method: 'POST',
            headers: { ...form, authorization: fx.serviceAuth },
            body: 'grant_type=client_credentials&scope=editpage',
          },
          { ...own, ...load },
        ),
    },
    {
      n: 5,
      short: 'refresh',
      title: 'POST /oauth2/token, refresh_token (rotation)',
      run: (label, load) =>
        measure(
          label,
          {
            url: `${base}/oauth2/token`,
            method: 'POST',
            requests: [
              {
                setupRequest: (req) => ({
                  ...req,
                  headers: { ...form, authorization: webAuth },
                  body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(refreshPool.shift() ?? '')}`,
                }),
                onResponse: (status, body) => {
                  if (status === 200) refreshPool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
                },
              },
            ],
          },
          { ...own, ...load },
        ),
    },
    {
      n: 6,
      short: 'introspection',
      title: 'POST /oauth2/introspect',
      run: (label, load) =>
        measure(
          label,
          {
            url: `${base}/oauth2/introspect`,
            method: 'POST',
            headers: { ...form, authorization: webAuth },
            body: `token=${fx.tokens.access_token}`,
          },
          { ...own, ...load, check: active },
        ),
    },
    {
      n: 7,
      short: 'code flow',
      title: 'Authorization code + PKCE, consented user (authorize → token), flows/s',
      run: (label, load) =>
        measure(
          label,
          {
            url: base,
            requests: [
              {
                method: 'GET',
                setupRequest: (req, context) => {
                  const pair = pkce();
                  (context as Context).verifier = pair.verifier;
                  return { ...req, path: authorizePath(fx.web.consumerKey, pair.challenge), headers: { cookie } };
                },
                onResponse: (status, _body, context, headers) => {
                  Object.assign(context, { location: headers?.location, status });
                },
              },
              {
                method: 'POST',
                setupRequest: (req, ctx) => {
                  const context = ctx as Context;
                  let code = '';
                  try {
                    code = codeFrom(Number(context.status), context.location as string | undefined);
                  } catch {
                    /* counted as unexpected by the authorize check; this token request then fails too */
                  }
                  const verifier = context.verifier as string;
                  return {
                    ...req,
                    path: '/oauth2/token',
                    headers: { ...form, authorization: webAuth },
                    body: `grant_type=authorization_code&code=${encodeURIComponent(code)}&code_verifier=${verifier}`,
                  };
                },
              },
            ],
          },
          {
            ...own,
            ...load,
            perFlow: 2,
            check: (status, _body, headers) =>
              status === 200 ||
              ((status === 302 || status === 303) && String(headers.location ?? '').includes('code=')),
          },
        ),
    },
  ];
}

/** BENCH_ONLY=2,3 runs those scenarios alone (for profiling); the report is written only for a whole run. */
export function wanted(scenario: number): boolean {
  const only = process.env.BENCH_ONLY;
  return !only || only.split(',').map(Number).includes(scenario);
}
