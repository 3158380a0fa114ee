/**
 * The one error type of the pure OAuth 1.0a helpers. A feature-level service maps it to the
 * HTTP response (docs/development.md#house-rules: errors are thrown, never returned).
 *
 * `key` is MediaWiki's message key where it has one (docs/mediawiki-compatibility.md#errors, e.g.
 * `mwoauth-oauth-unsupported-version`, `mwoauth-callback-not-oob`), otherwise a short
 * snake_case key (`invalid_signature`, `missing_parameter`, `duplicate_parameter`, ...).
 *
 * `status` follows RFC 5849 §3.2: 400 for unsupported parameters or signature methods,
 * missing or duplicated parameters; 401 for bad credentials, signatures, tokens or nonces.
 * MediaWiki sets no status at all; we do (docs/mediawiki-compatibility.md#errors).
 */
export class OAuth1ProtocolError extends Error {
  override readonly name = 'OAuth1ProtocolError';

  constructor(
    readonly key: string,
    message: string,
    readonly status: 400 | 401,
  ) {
    super(message);
  }
}

/** Shorthand for the many 400s ("the request is malformed"). */
export function badRequest(key: string, message: string): OAuth1ProtocolError {
  return new OAuth1ProtocolError(key, message, 400);
}

/** Shorthand for the 401s ("the credentials or the signature are not acceptable"). */
export function unauthorized(key: string, message: string): OAuth1ProtocolError {
  return new OAuth1ProtocolError(key, message, 401);
}
