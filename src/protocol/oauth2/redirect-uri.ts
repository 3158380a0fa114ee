import { hasUnsafeUrlCharacters } from '../url-characters';

/**
 * Redirect URI comparison and response-parameter appending for the authorization endpoint.
 */

/**
 * RFC 8252 §7.3 loopback redirect: `http://127.0.0.1:{port}/{path}` or `http://[::1]:{port}/{path}`,
 * matched on the raw string so that nothing but the port is ever ignored. Not `localhost`:
 * RFC 8252 §8.3 says it is NOT RECOMMENDED (it can resolve to a non-loopback interface or be
 * blocked by firewalls), and league's RedirectUriValidator, which MediaWiki uses, also gives the
 * port exception to `127.0.0.1` and `[::1]` only (docs/mediawiki-compatibility.md#callbacks).
 */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?([/?][^#]*)?$/;

interface Loopback {
  host: string;
  port: number | undefined;
  rest: string;
}

function parseLoopback(uri: string): Loopback | undefined {
  const m = LOOPBACK.exec(uri);
  if (!m) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: m[1], port, rest: m[3] ?? '' };
}

/**
 * RFC 6749 §3.1.2: the redirection endpoint MUST NOT include a fragment. A URI with userinfo
 * (`https://good.example@evil.example/`) is a classic phishing shape and never a redirect target.
 * Nor one with controls, spaces or `\` (RFC 3986 §2), even if a registration stored before they
 * were refused holds them: they would split or break the redirect.
 */
function isAcceptableTarget(uri: string): boolean {
  if (uri.includes('#') || hasUnsafeUrlCharacters(uri)) return false;
  try {
    const url = new URL(uri);
    return url.username === '' && url.password === '' && !/^[a-z][a-z0-9+.-]*:\/\/[^/?]*@/i.test(uri);
  } catch {
    return false;
  }
}

/**
 * RFC 9700 §4.1.3 / §2.1: simple string comparison (RFC 3986 §6.2.1), no normalization, no
 * prefix or wildcard matching, with one exception: for loopback IP literals the requested port
 * may differ from, or be absent from, the registered one (RFC 8252 §7.3: native apps get an
 * ephemeral port from the OS at request time).
 */
export function redirectUriMatches(requested: string, registered: string): boolean {
  if (!isAcceptableTarget(requested)) return false;
  if (requested === registered) return true;
  const req = parseLoopback(requested);
  const reg = parseLoopback(registered);
  return req !== undefined && reg !== undefined && req.host === reg.host && req.rest === reg.rest;
}

/** application/x-www-form-urlencoded decoding (RFC 6749 Appendix B) of a query parameter name. */
function decodeName(pair: string): string {
  const name = pair.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Adds response parameters (`code`, `state`, `error`, ...) to a redirect URI. RFC 6749 §3.1.2:
 * the endpoint URI "MAY include an application/x-www-form-urlencoded formatted query component,
 * which MUST be retained when adding additional query parameters". A registered parameter with
 * the same name as a response parameter is replaced, because RFC 6749 §3.1 forbids a response
 * parameter from appearing twice (node-oidc-provider does the same). Undefined values are
 * skipped. The rest of the URI is kept as written (no URL re-serialization; only empty `&&`
 * pairs are dropped).
 */
export function appendQuery(uri: string, params: Record<string, string | undefined>): string {
  const added = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  if (added.length === 0) return uri;
  const hashAt = uri.indexOf('#');
  const [base, fragment] = hashAt === -1 ? [uri, ''] : [uri.slice(0, hashAt), uri.slice(hashAt)];
  const queryAt = base.indexOf('?');
  const path = queryAt === -1 ? base : base.slice(0, queryAt);
  const names = new Set(added.map(([name]) => name));
  const kept =
    queryAt === -1
      ? []
      : base
          .slice(queryAt + 1)
          .split('&')
          .filter((p) => p !== '' && !names.has(decodeName(p)));
  const encoded = new URLSearchParams(added).toString();
  return `${path}?${[...kept, encoded].join('&')}${fragment}`;
}
