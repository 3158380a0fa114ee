import { randomBytes } from 'node:crypto';
import { s256Challenge } from '../src/protocol/oauth2/pkce';

/**
 * What a browser and an OAuth 2 client do before the measured scenarios can run: log in through
 * the real login form, consent once, and redeem codes. Plain fetch, no test framework: the
 * benchmark runs against the built server in another process.
 */

/** The cookies a response sets, as `name=value` pairs for a Cookie header. */
function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((line) => line.split(';')[0]);
}

function merge(jar: string[], fresh: string[]): string[] {
  const byName = new Map(jar.map((c) => [c.split('=')[0], c]));
  for (const c of fresh) byName.set(c.split('=')[0], c);
  return [...byName.values()];
}

/** Logs in through GET /login + POST /login (CSRF token included) and returns the Cookie header. */
export async function login(base: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  let jar = cookiesOf(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on the login page');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.join('; '), 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
  });
  if (res.status !== 303) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  jar = merge(jar, cookiesOf(res));
  return jar.join('; ');
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** RFC 7636 §4.1–4.2: a 43-character verifier and its S256 challenge. */
export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

export function authorizePath(clientId: string, challenge: string): string {
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `/oauth2/authorize?${query}`;
}

/** The code in a redirect to the client's callback, or an error saying what came instead. */
export function codeFrom(status: number, location: string | undefined | null): string {
  const code = location ? new URL(location).searchParams.get('code') : null;
  if ((status !== 302 && status !== 303) || !code)
    throw new Error(`expected a redirect with a code, got ${status} ${location ?? ''}`);
  return code;
}

function decodeHtml(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/**
 * One authorization: GET /oauth2/authorize, and the consent form if the user has not consented
 * yet (after the first time, the server redirects at once). Returns the code and its verifier.
 */
export async function authorize(
  base: string,
  cookie: string,
  clientId: string,
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkce();
  const page = await fetch(`${base}${authorizePath(clientId, challenge)}`, { redirect: 'manual', headers: { cookie } });
  if (page.status !== 200) return { code: codeFrom(page.status, page.headers.get('location')), verifier };
  const html = await page.text();
  const action = decodeHtml(/<form method="post" action="([^"]+)" class="consent-actions">/.exec(html)?.[1] ?? '');
  const fields: Record<string, string> = { decision: 'allow' };
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[name] = decodeHtml(value);
  const res = await fetch(`${base}${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams(fields).toString(),
  });
  return { code: codeFrom(res.status, res.headers.get('location')), verifier };
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
}

/** POST /oauth2/token with HTTP Basic client authentication (RFC 6749 §2.3.1). */
export async function token(base: string, basicAuth: string, params: Record<string, string>): Promise<TokenResponse> {
  const res = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: basicAuth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  if (res.status !== 200) throw new Error(`token endpoint: ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenResponse;
}

/** RFC 6749 §2.3.1: client id and secret form-encoded, then joined and base64-encoded. */
export function basic(clientId: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64')}`;
}
