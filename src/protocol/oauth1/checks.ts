import { badRequest, unauthorized } from './errors';

/** MediaWiki `OAuthServer::TIMESTAMP_THRESHOLD` (docs/mediawiki-compatibility.md#signatures-and-tokens): ±300 s. */
export const TIMESTAMP_WINDOW_SECONDS = 300;
const MAX_NONCE_LENGTH = 64;

/**
 * `oauth_version` is optional; when present it MUST be "1.0" (RFC 5849 §3.1, §3.2), so
 * "1.0a" is refused (MediaWiki `OAuthServerTest`). MediaWiki tests `!$version`, which also
 * lets "" and "0" through as "absent"; a parameter that is present is checked here.
 */
export function checkVersion(oauth: Record<string, string>): void {
  const version = oauth.oauth_version;
  if (version !== undefined && version !== '1.0') {
    throw badRequest('mwoauth-oauth-unsupported-version', `OAuth version '${version}' is not supported.`);
  }
}

/** 400 `missing_parameter` naming the first of `names` that is absent or empty (an empty
 *  consumer key or token identifies nothing; MediaWiki also tests these with `!$value`). */
export function requireParameters(oauth: Record<string, string>, names: readonly string[]): void {
  for (const name of names) {
    if (!Object.hasOwn(oauth, name) || oauth[name] === '') {
      throw badRequest('missing_parameter', `The ${name} parameter is required.`);
    }
  }
}

/**
 * §3.3: the timestamp MUST be a positive integer (seconds since the epoch); we accept only
 * decimal digits, where PHP's numeric coercion in MediaWiki would also take "1.4e9".
 * Outside ±window around `nowSeconds` it is refused with 401 (§3.2: a stale request is
 * an invalid nonce/timestamp pair), MediaWiki "Expired timestamp". Exactly ±window passes.
 */
export function checkTimestamp(value: string | undefined, nowSeconds: number, window = TIMESTAMP_WINDOW_SECONDS): void {
  if (value === undefined || value === '') {
    throw badRequest('missing_parameter', 'The oauth_timestamp parameter is required.');
  }
  if (!/^[0-9]{1,15}$/.test(value) || Number(value) === 0) {
    throw badRequest('invalid_parameter', 'The oauth_timestamp parameter must be a positive integer.');
  }
  if (Math.abs(nowSeconds - Number(value)) > window) {
    throw unauthorized('timestamp_refused', `Expired timestamp: yours ${value}, ours ${nowSeconds}.`);
  }
}

/**
 * The nonce becomes part of a cache key (MediaWiki `lookup_nonce`), so it is
 * held to 1–64 visible ASCII characters (RFC 5234 VCHAR, 0x21–0x7E): no spaces or control
 * characters to break or forge a key, and no unbounded length to fill the store.
 */
export function checkNonceSyntax(nonce: string | undefined): void {
  if (nonce === undefined || nonce === '') {
    throw badRequest('missing_parameter', 'The oauth_nonce parameter is required.');
  }
  if (nonce.length > MAX_NONCE_LENGTH || !/^[\x21-\x7e]+$/.test(nonce)) {
    throw badRequest(
      'invalid_parameter',
      `The oauth_nonce parameter must be 1 to ${MAX_NONCE_LENGTH} visible ASCII characters.`,
    );
  }
}
