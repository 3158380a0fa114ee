import { createHmac } from 'node:crypto';
import type autocannon from 'autocannon';
import OAuth from 'oauth-1.0a';
import type { BenchServer } from './server';

/** What `consumer:create --json` prints; owner-only consumers come with their access token at once. */
export interface BenchConsumer {
  consumerKey: string;
  secret: string;
  accessToken: string;
  accessSecret: string;
  owner: { id: number };
}

/** A version of its own per run, so that a run on a database kept from an earlier one proposes new consumers. */
export const runVersion = `1.0.${Math.floor(Date.now() / 1000)}`;

/** A consumer made by the CLI (`extra`: further consumer:create flags), as BenchAdmin. */
export function createConsumer(server: BenchServer, name: string, oauthVersion: 1 | 2, extra: string[]): BenchConsumer {
  return JSON.parse(
    server.cli(
      'consumer:create',
      '--owner',
      'BenchAdmin',
      '--name',
      name,
      '--version',
      runVersion,
      '--oauth-version',
      String(oauthVersion),
      '--grants',
      'editpage',
      ...extra,
      '--json',
    ),
  ) as BenchConsumer;
}

/** The API request a gateway asks about, as nginx `auth_request` describes it. */
export function gatewayRequest(base: string): { api: string; original: Record<string, string> } {
  const uri = '/w/api.php?action=query&meta=userinfo';
  return {
    api: `${base}${uri}`,
    original: { 'x-original-uri': uri, 'x-forwarded-host': new URL(base).host, 'x-forwarded-proto': 'http' },
  };
}

/**
 * Signs a GET of `url` with the `oauth-1.0a` library, a fresh nonce and timestamp each call: an Authorization header
 * value.
 */
export function oauth1Signer(v1: BenchConsumer, url: string): () => string {
  const signer = new OAuth({
    consumer: { key: v1.consumerKey, secret: v1.secret },
    signature_method: 'HMAC-SHA1',
    hash_function: (text, key) => createHmac('sha1', key).update(text).digest('base64'),
  });
  return () =>
    signer.toHeader(signer.authorize({ url, method: 'GET' }, { key: v1.accessToken, secret: v1.accessSecret }))
      .Authorization;
}

/**
 * Scenario 3's request: every one signed anew with a fresh nonce and timestamp, as a real client
 * does. The signing is done before the measured window (a pool of `poolSize`), so that the load
 * generator's own HMAC work does not count against the server on a two-core machine; if the
 * pool runs out, requests are signed on the fly.
 */
export function oauth1Request(
  v1: BenchConsumer,
  api: string,
  original: Record<string, string>,
  poolSize: number,
): autocannon.Request {
  const sign = oauth1Signer(v1, api);
  const pool = Array.from({ length: poolSize }, sign);
  return { setupRequest: (req) => ({ ...req, headers: { ...original, authorization: pool.pop() ?? sign() } }) };
}
