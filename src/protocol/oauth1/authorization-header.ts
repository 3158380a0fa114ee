import { badRequest } from './errors';
import { percentDecode, percentEncode } from './percent-encoding';

/*
 * The OAuth HTTP authorization scheme, RFC 5849 §3.5.1 on the RFC 7235 §2.1 syntax:
 *   credentials = "OAuth" 1*SP #auth-param ;  auth-param = token BWS "=" BWS ( token / quoted-string )
 * Names and values are §3.6-encoded, so they are percent-decoded after unquoting.
 */

// The scheme name is case-insensitive (RFC 7235 §2.1, RFC 5849 §3.5.1 "case insensitive").
// MediaWiki only recognises the exact prefix "OAuth " (`Utils::hasOAuthHeaders`), so "oauth ..."
// is ours but not theirs; accepting it breaks no MediaWiki client
// (docs/mediawiki-compatibility.md#signatures-and-tokens).
const SCHEME = /^OAuth(?:[ \t]+|$)/i;
// One auth-param. Besides quoted values, MediaWiki's `OAuthUtil::split_header` accepts bare
// values (`name=value`), so we do too; a bare value stops at whitespace, a comma or a quote.
// Whitespace includes CR/LF so that a folded header (RFC 7230 §3.2.4 obs-fold) still parses.
// The quoted-string is written as "normal* (special normal*)*" (runs of plain characters, then
// escapes): the same language as `(?:[^"\\]|\\[\s\S])*`, matched a run at a time instead of a
// character at a time, which made this regular expression a tenth of a signed request's cost.
const PARAM =
  /[ \t\r\n]*([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"\\]*(?:\\[\s\S][^"\\]*)*)"|([^\s,"]*))[ \t\r\n]*/y;
const SEPARATOR = /[ \t\r\n]*,/y;
const TRAILING_SPACE = /[ \t\r\n]*$/y;
// quoted-string characters a header may carry (RFC 7230 §3.2.6 qdtext / quoted-pair).
const QDTEXT = /^[\t \x21-\x7e\x80-\uffff]*$/;

/** Splits the part after the scheme into raw (still encoded) name/value pairs. */
function splitAuthParams(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let pos = 0;
  while (pos < text.length) {
    SEPARATOR.lastIndex = pos;
    if (SEPARATOR.test(text)) {
      pos = SEPARATOR.lastIndex; // RFC 7230 §7: empty list elements are allowed
      continue;
    }
    TRAILING_SPACE.lastIndex = pos;
    if (TRAILING_SPACE.test(text)) break;
    PARAM.lastIndex = pos;
    const match = PARAM.exec(text);
    if (!match) throw badRequest('invalid_authorization_header', 'The OAuth Authorization header is malformed.');
    const quoted = match[2];
    const value =
      quoted === undefined ? match[3] : quoted.includes('\\') ? quoted.replace(/\\([\s\S])/g, '$1') : quoted;
    pairs.push([match[1], value]);
    pos = PARAM.lastIndex;
    if (pos < text.length && text[pos] !== ',') {
      throw badRequest('invalid_authorization_header', 'The OAuth Authorization header is malformed.');
    }
  }
  return pairs;
}

/** Whether an `Authorization` header value uses the OAuth scheme, i.e. is one parseAuthorizationHeader reads. */
export function hasOAuthScheme(value: string): boolean {
  return SCHEME.test(value);
}

/**
 * Reads the protocol parameters from an `Authorization` header value.
 * Returns undefined when the header uses another scheme (e.g. Bearer): it is then not ours.
 * Keeps only `oauth_*` names, so `realm` is dropped (§3.4.1.3.1) along with any extension
 * auth-param; a repeated `oauth_*` name is a duplicated protocol parameter (§3.1, §3.2): 400.
 */
export function parseAuthorizationHeader(value: string): Record<string, string> | undefined {
  const scheme = SCHEME.exec(value);
  if (!scheme) return undefined;
  const params = Object.create(null) as Record<string, string>;
  for (const [rawName, rawValue] of splitAuthParams(value.slice(scheme[0].length))) {
    const name = percentDecode(rawName);
    if (!name.startsWith('oauth_')) continue;
    if (Object.hasOwn(params, name)) {
      throw badRequest(
        'duplicate_parameter',
        `The parameter ${name} appears more than once in the Authorization header.`,
      );
    }
    params[name] = percentDecode(rawValue);
  }
  return params;
}

/**
 * Builds `OAuth realm="...", name="value", ...` (§3.5.1): names and values §3.6-encoded,
 * always quoted. Used for the `WWW-Authenticate` challenge (§3.5.1) and by tests. The realm
 * is a plain quoted-string (RFC 7235 §2.2), not percent-encoded; a realm that cannot be one
 * (control characters, which would also allow header injection) is a programming error.
 */
export function buildAuthorizationHeader(params: Record<string, string>, realm?: string): string {
  const parts: string[] = [];
  if (realm !== undefined) {
    if (!QDTEXT.test(realm)) throw new TypeError('The realm cannot be sent as a quoted-string.');
    parts.push(`realm="${realm.replace(/[\\"]/g, '\\$&')}"`);
  }
  for (const [name, value] of Object.entries(params)) {
    parts.push(`${percentEncode(name)}="${percentEncode(value)}"`);
  }
  return parts.length > 0 ? `OAuth ${parts.join(', ')}` : 'OAuth';
}

/**
 * The `WWW-Authenticate` challenge of a protected resource (§3.5.1: "Servers MAY indicate their
 * support for the "OAuth" auth-scheme by returning the HTTP WWW-Authenticate response header"),
 * e.g. `OAuth realm="http://server.example.com/"`; sent with every 401 (§3.2).
 */
export function oauthChallenge(realm: string): string {
  return buildAuthorizationHeader({}, realm);
}
