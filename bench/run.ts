import { createHmac } from 'node:crypto';
import { cpus } from 'node:os';
import type autocannon from 'autocannon';
import OAuth from 'oauth-1.0a';
import { CONNECTIONS, DURATION, measure, type Check } from './measure';
import { authorize, authorizePath, basic, codeFrom, login, pkce, token } from './flows';
import { startPeer } from './peers/peer';
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
    // Owner-only consumers give credentials at once, without a browser. A version of its own per
    // run, so that a run on a database kept from an earlier one proposes new consumers.
    const version = `1.0.${Math.floor(Date.now() / 1000)}`;
    const v2 = JSON.parse(server.cli('consumer:create', '--owner', 'BenchAdmin', '--name', 'Bench OAuth 2', '--version', version, '--oauth-version', '2', '--grants', 'editpage', '--owner-only', '--json'));
    const v1 = JSON.parse(server.cli('consumer:create', '--owner', 'BenchAdmin', '--name', 'Bench OAuth 1', '--version', version, '--oauth-version', '1', '--grants', 'editpage', '--owner-only', '--json'));
    const service = JSON.parse(server.cli('consumer:create', '--owner', 'BenchAdmin', '--name', 'Bench service', '--version', version, '--oauth-version', '2', '--grants', 'editpage', '--grant-types', 'client_credentials', '--approve', '--json'));
    const web = JSON.parse(server.cli('consumer:create', '--owner', 'BenchAdmin', '--name', 'Bench web app', '--version', version, '--oauth-version', '2', '--grants', 'editpage', '--callback', 'https://client.example/callback', '--approve', '--json'));
    const webAuth = basic(web.consumerKey, web.secret);
    const serviceAuth = basic(service.consumerKey, service.secret);

    // The user consents once; later authorizations redirect at once (scenario 7 measures those).
    const cookie = await login(base, 'BenchAdmin', 'bench-admin-password');
    const first = await authorize(base, cookie, web.consumerKey);
    const tokens = await token(base, webAuth, { grant_type: 'authorization_code', code: first.code, code_verifier: first.verifier });
    // Refresh tokens are single-use: a pool, each one replaced by the one its rotation returns.
    const refreshPool: string[] = [tokens.refresh_token!];
    while (refreshPool.length < CONNECTIONS * 2) {
      const flow = await authorize(base, cookie, web.consumerKey);
      refreshPool.push((await token(base, webAuth, { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier })).refresh_token!);
    }

    const own = { pid: server.pid };
    const api = `${base}/w/api.php?action=query&meta=userinfo`;
    const original = { 'x-original-uri': '/w/api.php?action=query&meta=userinfo', 'x-forwarded-host': new URL(base).host, 'x-forwarded-proto': 'http' };

    if (wanted(1)) rows.push(await measure('1. GET /healthz (ceiling)', { url: `${base}/healthz` }, own));
    if (wanted(2)) rows.push(await measure('2. GET /auth/verify, Bearer JWT (warm)', { url: `${base}/auth/verify`, headers: { ...original, authorization: `Bearer ${v2.accessToken}` } }, own));
    if (wanted(3)) rows.push(await measure('3. GET /auth/verify, OAuth 1.0a HMAC-SHA1 (fresh nonce each)', { url: `${base}/auth/verify`, requests: [oauth1Request(v1, api, original)] }, own));
    if (wanted(4)) rows.push(await measure('4. POST /oauth2/token, client_credentials', {
      url: `${base}/oauth2/token`, method: 'POST', headers: { ...form, authorization: serviceAuth }, body: 'grant_type=client_credentials&scope=editpage',
    }, own));
    if (wanted(5)) rows.push(await measure('5. POST /oauth2/token, refresh_token (rotation)', {
      url: `${base}/oauth2/token`, method: 'POST',
      requests: [{
        setupRequest: (req) => ({ ...req, headers: { ...form, authorization: webAuth }, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(refreshPool.shift() ?? '')}` }),
        onResponse: (status, body) => {
          if (status === 200) refreshPool.push((JSON.parse(body) as { refresh_token: string }).refresh_token);
        },
      }],
    }, own));
    if (wanted(6)) rows.push(await measure('6. POST /oauth2/introspect', {
      url: `${base}/oauth2/introspect`, method: 'POST', headers: { ...form, authorization: webAuth }, body: `token=${tokens.access_token}`,
    }, { ...own, check: active }));
    if (wanted(7)) rows.push(await measure('7. Authorization code + PKCE, consented user (authorize → token), flows/s', {
      url: base,
      requests: [
        {
          method: 'GET',
          setupRequest: (req, context) => {
            const pair = pkce();
            (context as Context).verifier = pair.verifier;
            return { ...req, path: authorizePath(web.consumerKey, pair.challenge), headers: { cookie } };
          },
          onResponse: (status, _body, context, headers) => { Object.assign(context, { location: headers?.location, status }); },
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
            return { ...req, path: '/oauth2/token', headers: { ...form, authorization: webAuth }, body: `grant_type=authorization_code&code=${encodeURIComponent(code)}&code_verifier=${context.verifier as string}` };
          },
        },
      ],
    }, { ...own, perFlow: 2, check: (status, _body, headers) => status === 200 || ((status === 302 || status === 303) && String(headers.location ?? '').includes('code=')) }));

    // The peer, on the same machine in the same run, doing the same work.
    const peer = wanted(4) || wanted(6) ? await startPeer(PORT + 50) : undefined;
    if (peer) try {
      peerName = peer.name;
      if (wanted(4)) peerRows.push(await measure(`4p. ${peer.name}: POST token, client_credentials`, {
        url: peer.tokenUrl, method: 'POST', headers: { ...form, authorization: peer.basicAuth }, body: 'grant_type=client_credentials&scope=api',
      }, { pid: peer.pid }));
      if (wanted(6)) peerRows.push(await measure(`6p. ${peer.name}: POST token introspection`, {
        url: peer.introspectUrl, method: 'POST', headers: { ...form, authorization: peer.basicAuth }, body: `token=${peer.accessToken}`,
      }, { pid: peer.pid, check: active }));
    } finally {
      await peer.stop();
    }
    // The same peer issuing what Consentry issues: ES256-signed JWT access tokens (it keeps no
    // record of those; Consentry writes each one's row before answering).
    if (wanted(4)) {
      const jwtPeer = await startPeer(PORT + 51, 'jwt');
      try {
        peerRows.push(await measure(`4j. ${jwtPeer.name}: POST token, client_credentials`, {
          url: jwtPeer.tokenUrl, method: 'POST', headers: { ...form, authorization: jwtPeer.basicAuth }, body: 'grant_type=client_credentials&scope=api',
        }, { pid: jwtPeer.pid }));
      } finally {
        await jwtPeer.stop();
      }
    }

    if (process.env.BENCH_SCALE) scale = await scaleRows(server, { ownerId: v2.owner.id, bearer: v2.accessToken, introspect: { auth: webAuth, token: tokens.access_token }, original });
  } finally {
    await server.stop();
  }
  writeReport({ rows, peerRows, scale, peerName, database: server.database, duration: DURATION, connections: CONNECTIONS, cpus: `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})` });
}

/** BENCH_ONLY=2,3 runs those scenarios alone (for profiling); the report is written only for a whole run. */
function wanted(scenario: number): boolean {
  const only = process.env.BENCH_ONLY;
  return !only || only.split(',').map(Number).includes(scenario);
}

/**
 * Every request is signed anew with a fresh nonce and timestamp by the `oauth-1.0a` library, as a
 * real client does. The signing is done before the measured window (a pool large enough for
 * it), so that the load generator's own HMAC work does not count against the server on a
 * two-core machine; if the pool runs out, requests are signed on the fly.
 */
function oauth1Request(v1: { consumerKey: string; secret: string; accessToken: string; accessSecret: string }, api: string, original: Record<string, string>): autocannon.Request {
  const signer = new OAuth({ consumer: { key: v1.consumerKey, secret: v1.secret }, signature_method: 'HMAC-SHA1', hash_function: (text, key) => createHmac('sha1', key).update(text).digest('base64') });
  const sign = () => signer.toHeader(signer.authorize({ url: api, method: 'GET' }, { key: v1.accessToken, secret: v1.accessSecret })).Authorization;
  const pool = Array.from({ length: Number(process.env.BENCH_OAUTH1_POOL ?? 20_000) * DURATION }, sign);
  return { setupRequest: (req) => ({ ...req, headers: { ...original, authorization: pool.pop() ?? sign() } }) };
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
