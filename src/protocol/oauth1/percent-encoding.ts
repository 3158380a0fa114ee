import { badRequest } from './errors';

const UNRESERVED_ONLY = /^[A-Za-z0-9._~-]*$/;

/**
 * RFC 5849 §3.6 percent-encoding, used for the signature base string, the signature key and
 * the Authorization header: UTF-8 octets, RFC 3986 §2.3 unreserved characters
 * (`A-Z a-z 0-9 - . _ ~`) left alone, everything else `%XX` with uppercase hex.
 *
 * `encodeURIComponent` already produces UTF-8 and uppercase hex; it only leaves five
 * sub-delims unencoded (`! ' ( ) *`), which §3.6 requires to be encoded. MediaWiki's
 * `OAuthUtil::urlencode_rfc3986` (`rawurlencode` plus `%7E` → `~`) gives the same result.
 */
export function percentEncode(value: string): string {
  // Most values (keys, nonces, timestamps, hex secrets) need no encoding at all.
  if (UNRESERVED_ONLY.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone UTF-16 surrogate has no UTF-8 form: no client can have signed it.
    throw badRequest('invalid_encoding', 'A parameter is not valid Unicode text.');
  }
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Reverses RFC 3986 percent-encoding: `%XX` sequences are read as UTF-8 octets.
 *
 * `+` stays a plus sign: §3.5.1 header values are §3.6-encoded, where a space is always
 * `%20`. (Form and query decoding, where `+` is a space, is done by `parameters.ts`.)
 * A `%` not followed by two hex digits, or octets that are not well-formed UTF-8 (overlong
 * forms, surrogates, truncated sequences), make the request malformed: 400.
 */
export function percentDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw badRequest('invalid_encoding', 'A parameter has a malformed percent-encoding or is not UTF-8.');
  }
}
