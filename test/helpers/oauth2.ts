import TestAgent from 'supertest/lib/agent';
import { oauth2Proposal, propose } from './consumers';
import * as oauth from 'oauth4webapi';
import request from 'supertest';
import { consent } from './oauth1';

export interface RegisteredClient {
  consumerKey: string;
  secret: string;
  callbackUrl: string;
  etag: string;
  accessToken?: string;
}

/** Proposes an OAuth 2 client as `owner` and approves it as `admin`. */
export async function registerClient(
  owner: TestAgent,
  admin: TestAgent,
  overrides: Record<string, unknown> = {},
): Promise<RegisteredClient> {
  const c = await propose(owner, oauth2Proposal(overrides));
  if (c.stageName !== 'approved') {
    const res = await admin
      .post(`/api/v1/consumers/${c.consumerKey}/review`)
      .set('If-Match', c.etag)
      .send({ action: 'approve', reason: 'ok' })
      .expect(200);
    return { consumerKey: c.consumerKey, secret: c.secret, callbackUrl: c.callbackUrl, etag: res.headers.etag };
  }
  return {
    consumerKey: c.consumerKey,
    secret: c.secret,
    callbackUrl: c.callbackUrl,
    etag: c.etag,
    accessToken: c.accessToken,
  };
}

/** Authorize + consent with PKCE (S256) as `user` (a logged-in agent): the code and its verifier. */
export async function authorizationCode(
  user: TestAgent,
  clientId: string,
  scope?: string,
): Promise<{ code: string; verifier: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...(scope ? { scope } : {}),
  });
  const { location } = await consent(user, `/oauth2/authorize?${query}`);
  if (!location) throw new Error('no redirect from /oauth2/authorize');
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return { code, verifier };
}

/** Runs code + PKCE for `user` (a logged-in agent) and returns the token response. */
export async function obtainTokens(
  server: unknown,
  user: TestAgent,
  client: RegisteredClient,
  scope?: string,
): Promise<{ access_token: string; refresh_token?: string; scope: string }> {
  const { code, verifier } = await authorizationCode(user, client.consumerKey, scope);
  const res = await request(server as Parameters<typeof request>[0])
    .post('/oauth2/token')
    .type('form')
    .send({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: client.consumerKey,
      client_secret: client.secret,
    });
  if (res.status !== 200) throw new Error(`token endpoint: ${res.status} ${res.text}`);
  return res.body;
}
