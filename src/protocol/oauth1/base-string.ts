import { badRequest } from './errors';
import { percentEncode } from './percent-encoding';

// scheme "://" authority path, stopping before the query or the fragment (RFC 3986 §3).
// Parsed by hand rather than with WHATWG `URL`, which would rewrite the path (dot segments,
// percent-encoding) while §3.4.1.2 wants the path exactly as the client sent and signed it.
const URL_PARTS = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/;
// host (a bracketed IPv6 literal or a name without colons) and an optional port.
const AUTHORITY = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::([0-9]*))?$/;
const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };

function invalidUrl(url: string): never {
  throw badRequest('invalid_url', `The request URL cannot be used for a signature: ${url}`);
}

/** host lower-cased, port as a plain decimal number or undefined ("host:" has no port,
 *  RFC 3986 §6.2.3). User information never appears in a request's Host, so it is refused. */
function splitAuthority(url: string, authority: string): { host: string; port?: string } {
  const match = authority.includes('@') ? null : AUTHORITY.exec(authority);
  if (!match) invalidUrl(url);
  if (match[2] === undefined || match[2] === '') return { host: match[1].toLowerCase() };
  const port = Number(match[2]);
  if (port < 1 || port > 65535) invalidUrl(url);
  return { host: match[1].toLowerCase(), port: String(port) };
}

/**
 * RFC 5849 §3.4.1.2 base string URI: scheme and host lower-cased, port 80 (http) or 443
 * (https) dropped and any other port kept, the path as sent (empty → "/"), no query, no
 * fragment. Same result as MediaWiki `OAuthRequest::get_normalized_http_url`, except that an
 * empty path becomes "/" as the RFC's `https://www.example.net:8080/` example requires.
 */
export function baseStringUri(url: string): string {
  const match = URL_PARTS.exec(url);
  if (!match) invalidUrl(url);
  const scheme = match[1].toLowerCase();
  // §3.4.1.2: an http or https URI (own keys only: "constructor://" is no scheme of ours).
  if (!Object.hasOwn(DEFAULT_PORT, scheme)) invalidUrl(url);
  const { host, port } = splitAuthority(url, match[2]);
  const portPart = port === undefined || port === DEFAULT_PORT[scheme] ? '' : `:${port}`;
  return `${scheme}://${host}${portPart}${match[3] === '' ? '/' : match[3]}`;
}

/** Byte order on the encoded (ASCII) strings: plain `<`, never `localeCompare`. */
function byteOrder(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/** §3.4.1.3.2: encode every name and value, sort by name then value (byte order, after
 *  encoding, as MediaWiki's `build_http_query` also does), join as `name=value&...`.
 *  `oauth_signature` is left out (§3.4.1.3.1). */
export function normalizeParameters(pairs: Array<[string, string]>): string {
  return pairs
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]): [string, string] => [percentEncode(name), percentEncode(value)])
    .sort(byteOrder)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** §3.4.1.1: METHOD & encoded base string URI & encoded normalized parameters. */
export function signatureBaseString(method: string, url: string, pairs: Array<[string, string]>): string {
  return [method.toUpperCase(), baseStringUri(url), normalizeParameters(pairs)].map(percentEncode).join('&');
}
