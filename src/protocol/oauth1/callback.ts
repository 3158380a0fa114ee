import { hasUnsafeUrlCharacters } from '../url-characters';
import { badRequest } from './errors';
import { percentEncode } from './percent-encoding';

/*
 * Callback rules of MediaWiki `MWOAuthServer::checkCallback`
 * (docs/mediawiki-compatibility.md#callbacks). RFC 5849 §2.1
 * lets a client send any `oauth_callback`, or "oob" when the callback was "established via
 * other means"; MediaWiki requires it to be registered, optionally as a prefix.
 */

/** The components `wfParseUrl` (PHP `parse_url`) yields; absent path and query are
 *  undefined, an empty query after "?" is "" (PHP 8 tells them apart). */
interface CallbackParts {
  scheme: string;
  host: string;
  port?: number;
  path?: string;
  query?: string;
}

// scheme "://" authority path ["?" query] ["#" fragment]. Any scheme: MediaWiki's
// `Utils::getOAuthUrlUtils()` accepts every protocol, so apps can use custom URI schemes.
const CALLBACK_URL = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/;
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::([0-9]+))?$/;

/**
 * undefined when the URL cannot be compared safely: not `scheme://host...`, a bad port, or
 * user information. Credentials are refused outright (T428324): `https://host:8000@evil.com`
 * points at evil.com, and with a backslash (`https://evil.com\@host`) PHP sees host "host"
 * while browsers, which read "\" as "/", go to evil.com.
 * Scheme and host are compared lower-cased (ASCII only): they are case-insensitive
 * (RFC 3986 §6.2.2.1). `wfParseUrl` lower-cases the scheme but not the host.
 */
function parseCallbackUrl(url: string): CallbackParts | undefined {
  const match = CALLBACK_URL.exec(url);
  if (!match || match[2].includes('@')) return undefined;
  const hostPort = HOST_PORT.exec(match[2]);
  if (!hostPort) return undefined;
  const port = hostPort[2] === undefined ? undefined : Number(hostPort[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase());
  return {
    scheme: asciiLower(match[1]),
    host: asciiLower(hostPort[1]),
    port,
    path: match[3] === '' ? undefined : match[3],
    query: match[4],
  };
}

/** `componentMatches`: anything goes when the registered URL lacks the part; otherwise the
 *  request must have it, equal (`exact`) or starting with it (a plain string prefix, so a
 *  registered "/path" also admits "/pathological", as in MediaWiki). */
function componentMatches(registered: string | undefined, requested: string | undefined, exact = false): boolean {
  if (registered === undefined) return true;
  if (requested === undefined) return false;
  return exact ? requested === registered : requested.startsWith(registered);
}

function prefixMatches(registered: CallbackParts, requested: CallbackParts): boolean {
  const scheme =
    registered.scheme === 'http' // an http registration accepts the https upgrade
      ? requested.scheme === 'http' || requested.scheme === 'https'
      : requested.scheme === registered.scheme;
  const port = registered.port === 1 || registered.port === requested.port; // 1 = any port (demo apps)
  return (
    scheme &&
    requested.host === registered.host &&
    port &&
    // A registered query pins the path exactly; the query itself is a prefix.
    componentMatches(registered.path, requested.path, registered.query !== undefined) &&
    componentMatches(registered.query, requested.query)
  );
}

/**
 * Throws unless `requested` (the `oauth_callback` of the initiate request) is allowed.
 * Not a prefix consumer: only "oob" (case-sensitive, RFC 5849 §2.1), `mwoauth-callback-not-oob`.
 * Prefix consumer: "oob", or a URL the registered one is a prefix of by the rules above,
 * otherwise `mwoauth-callback-not-oob-or-prefix`. Stricter than MediaWiki: never a URL holding
 * controls, U+2028/2029, spaces or `\` (RFC 3986 §2), which the registration refuses too: CR LF
 * would split the redirect, and a browser would not follow the URL that was compared here.
 */
export function checkCallback(requested: string, registered: string, isPrefix: boolean): void {
  if (!isPrefix) {
    if (requested !== 'oob')
      throw badRequest('mwoauth-callback-not-oob', 'The callback must be "oob" for this application.');
    return;
  }
  if (requested === 'oob') return;
  const want = parseCallbackUrl(registered);
  const got = parseCallbackUrl(requested);
  if (!want || !got || hasUnsafeUrlCharacters(requested) || !prefixMatches(want, got)) {
    throw badRequest(
      'mwoauth-callback-not-oob-or-prefix',
      'The callback must be "oob" or start with the registered callback URL.',
    );
  }
}

/** Where the user is sent after authorizing: "oob" means the registered URL
 *  (MediaWiki's `Consumer::generateCallbackUrl`). */
export function callbackTarget(requested: string, registered: string): string {
  return requested === 'oob' ? registered : requested;
}

/**
 * Adds `params` (normally `oauth_verifier` and `oauth_token`, RFC 5849 §2.2) to the query,
 * before any fragment, as `wfAppendQuery` does; values are §3.6-encoded. Unlike
 * `wfAppendQuery`, no stray "&" is added after a URL that already ends in "?" or "&".
 */
export function appendToCallback(url: string, params: Record<string, string>): string {
  const query = Object.entries(params)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
  if (query === '') return url;
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? '' : url.slice(hash);
  const separator = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${separator}${query}${fragment}`;
}
