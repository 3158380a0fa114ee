import { cpus } from 'node:os';
import { createConsumer, gatewayRequest, oauth1Request } from './clients';
import { CONNECTIONS, DURATION, measure, type Check } from './measure';
import { authorize, authorizePath, basic, codeFrom, login, pkce, token } from './flows';
import { PeerServer, startPeer } from './peers/peer';
import { Row, writeReport } from './report';
import { scaleRows } from './scale';
import { startServer } from './server';

const PORT = Number(process.env.BENCH_PORT ?? 3900);

type Context = Record<string, unknown>;

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const active: Check = (s, body) => s === 200 && body.includes('"active":true');

/**
 * `npm run bench`: every hot path against the ceiling (GET /healthz) on the same server, and
 * node-oidc-provider doing the same client-credentials and introspection work, in one run; the
 * figures are ratios, which hold on a noisy machine where absolute numbers do not. Writes
 * docs/benchmarks.md.
 */
async function main(): Promise<void> {
  const server = await startServer(PORT);
  const rows: Row[] = [];
  const peerRows: Row[] = [];
  let scale: Row[] = [];
  let peerName = 'node-oidc-provider';
  try {
    const base = server.url;
    // Owner-only consumers give credentials at once, without a browser.
    const v2 = createConsumer(server, 'Bench OAuth 2', 2, ['--owner-only']);
    const v1 = createConsumer(server, 'Bench OAuth 1', 1, ['--owner-only']);
    const service = createConsumer(server, 'Bench service', 2, ['--grant-types', 'client_credentials', '--approve']);
    const web = createConsumer(server, 'Bench web app', 2, [
      '--callback',
      'https://client.example/callback',
      '--approve',
    ]);
    const webAuth = basic(web.consumerKey, web.secret);
    const serviceAuth = basic(service.consumerKey, service.secret);

    // The user consents once; later authorizations redirect at once (scenario 7 measures those).
    const cookie = await login(base, 'BenchAdmin', 'bench-admin-password');
    const first = await authorize(base, cookie, web.consumerKey);
    const tokens = await token(base, webAuth, {
      grant_type: 'authorization_code',
      code: first.code,
      code_verifier: first.verifier,
    });
    // Refresh tokens are single-use: a pool, each one replaced by the one its rotation returns.
    const refreshPool: string[] = [tokens.refresh_token!];
    while (refreshPool.length < CONNECTIONS * 2) {
      const flow = await authorize(base, cookie, web.consumerKey);
      refreshPool.push(
        (
          await token(base, webAuth, {
            grant_type: 'authorization_code',
            code: flow.code,
            code_verifier: flow.verifier,
          })
        ).refresh_token!,
      );
    }

    const own = { pid: server.pid };
    const { api, original } = gatewayRequest(base);

    if (wanted(1)) rows.push(await measure('1. GET /healthz (ceiling)', { url: `${base}/healthz` }, own));
    if (wanted(2))
      rows.push(
        await measure(
          '2. GET /auth/verify, Bearer JWT (warm)',
          { url: `${base}/auth/verify`, headers: { ...original, authorization: `Bearer ${v2.accessToken}` } },
          own,
        ),
      );
    if (wanted(3))
      rows.push(
        await measure(
          '3. GET /auth/verify, OAuth 1.0a HMAC-SHA1 (fresh nonce each)',
          {
            url: `${base}/auth/verify`,
            requests: [oauth1Request(v1, api, original, Number(process.env.BENCH_OAUTH1_POOL ?? 20_000) * DURATION)],
          },
          own,
        ),
      );
    if (wanted(4))
      rows.push(
        await measure(
          '4. POST /oauth2/token, client_credentials',
          {
            url: `${base}/oauth2/token`,
            method: 'POST',
            headers: { ...form, authorization: serviceAuth },
            body: 'grant_type=client_credentials&scope=editpage',
          },
          own,
        ),
      );
    if (wanted(5))
      rows.push(
        await measure(
          '5. POST /oauth2/token, refresh_token (rotation)',
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
          own,
        ),
      );
    if (wanted(6))
      rows.push(
        await measure(
          '6. POST /oauth2/introspect',
          {
            url: `${base}/oauth2/introspect`,
            method: 'POST',
            headers: { ...form, authorization: webAuth },
            body: `token=${tokens.access_token}`,
          },
          { ...own, check: active },
        ),
      );
    if (wanted(7))
      rows.push(
        await measure(
          '7. Authorization code + PKCE, consented user (authorize → token), flows/s',
          {
            url: base,
            requests: [
              {
                method: 'GET',
                setupRequest: (req, context) => {
                  const pair = pkce();
                  (context as Context).verifier = pair.verifier;
                  return { ...req, path: authorizePath(web.consumerKey, pair.challenge), headers: { cookie } };
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
                  return {
                    ...req,
                    path: '/oauth2/token',
                    headers: { ...form, authorization: webAuth },
                    body: `grant_type=authorization_code&code=${encodeURIComponent(code)}&code_verifier=${context.verifier as string}`,
                  };
                },
              },
            ],
          },
          {
            ...own,
            perFlow: 2,
            check: (status, _body, headers) =>
              status === 200 ||
              ((status === 302 || status === 303) && String(headers.location ?? '').includes('code=')),
          },
        ),
      );

    // The peer, on the same machine in the same run, doing the same work.
    const peer = wanted(4) || wanted(6) ? await startPeer(PORT + 50) : undefined;
    if (peer)
      try {
        peerName = peer.name;
        if (wanted(4)) peerRows.push(await peerClientCredentials('4p', peer));
        if (wanted(6))
          peerRows.push(
            await measure(
              `6p. ${peer.name}: POST token introspection`,
              {
                url: peer.introspectUrl,
                method: 'POST',
                headers: { ...form, authorization: peer.basicAuth },
                body: `token=${peer.accessToken}`,
              },
              { pid: peer.pid, check: active },
            ),
          );
      } finally {
        await peer.stop();
      }
    // The same peer issuing what Consentry issues: ES256-signed JWT access tokens (it keeps no
    // record of those; Consentry writes each one's row before answering).
    if (wanted(4)) {
      const jwtPeer = await startPeer(PORT + 51, 'jwt');
      try {
        peerRows.push(await peerClientCredentials('4j', jwtPeer));
      } finally {
        await jwtPeer.stop();
      }
    }

    if (process.env.BENCH_SCALE)
      scale = await scaleRows(server, {
        ownerId: v2.owner.id,
        bearer: v2.accessToken,
        introspect: { auth: webAuth, token: tokens.access_token },
        original,
      });
  } finally {
    await server.stop();
  }
  writeReport({
    rows,
    peerRows,
    scale,
    peerName,
    database: server.database,
    duration: DURATION,
    connections: CONNECTIONS,
    cpus: `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
  });
}

/** Scenario 4 against a peer: its token endpoint, client_credentials, Basic authentication. */
function peerClientCredentials(label: string, peer: PeerServer): Promise<Row> {
  return measure(
    `${label}. ${peer.name}: POST token, client_credentials`,
    {
      url: peer.tokenUrl,
      method: 'POST',
      headers: { ...form, authorization: peer.basicAuth },
      body: 'grant_type=client_credentials&scope=api',
    },
    { pid: peer.pid },
  );
}

/** BENCH_ONLY=2,3 runs those scenarios alone (for profiling); the report is written only for a whole run. */
function wanted(scenario: number): boolean {
  const only = process.env.BENCH_ONLY;
  return !only || only.split(',').map(Number).includes(scenario);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
