import { OAuth2ProtocolError } from './errors';
import { buildWwwAuthenticate } from './www-authenticate';

export { buildWwwAuthenticate };
export type { BearerChallenge } from './www-authenticate';

/** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/**
 * RFC 9110 §11.4: credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]. A tab is
 * tolerated as well (league's `\s`): refusing it would only turn a usable token into "no token".
 */
const CREDENTIALS = /^(\S+)(?:[ \t]+(.*))?$/s;

export interface BearerRequest {
  authorization?: string;
  contentType?: string;
  body?: Record<string, unknown>;
  query?: Record<string, unknown>;
  method: string;
}

/** 400 invalid_request with the matching challenge (RFC 6750 §3.1). Never echoes the token. */
function malformed(description: string): OAuth2ProtocolError {
  const challenge = buildWwwAuthenticate({ error: 'invalid_request', description });
  return OAuth2ProtocolError.invalidRequest(description, { 'WWW-Authenticate': challenge });
}

/**
 * RFC 6750 §2.1, without throwing: undefined when there is no header or it uses another scheme
 * (`OAuth` for OAuth 1.0a, `Basic`, ...: it belongs to someone else), null when the Bearer
 * credentials are not exactly one b64token, otherwise the token. The scheme is case-insensitive
 * (RFC 9110 §11.1).
 */
export function parseBearerHeader(authorization: string | undefined): string | null | undefined {
  const value = authorization?.trim();
  if (!value) return undefined;
  const m = CREDENTIALS.exec(value);
  if (!m || m[1].toLowerCase() !== 'bearer') return undefined;
  return m[2] !== undefined && B64TOKEN.test(m[2]) ? m[2] : null;
}

/** parseBearerHeader, with malformed Bearer credentials refused as invalid_request (RFC 6750 §3.1). */
export function bearerFromHeader(authorization: string | undefined): string | undefined {
  const token = parseBearerHeader(authorization);
  if (token === null) throw malformed('The Authorization header must be Bearer, a space and the access token.');
  return token;
}

function isFormUrlEncoded(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * RFC 6750 §2.2: only in a form-encoded body of a method whose body has defined semantics
 * ("the GET method MUST NOT be used"). Elsewhere an `access_token` field is plain data (a JSON
 * API may have one), so it is not looked at. A repeated field is refused (RFC 6749 §3.1).
 */
function fromBody(input: BearerRequest): string | undefined {
  if (input.method.toUpperCase() === 'GET' || input.method.toUpperCase() === 'HEAD') return undefined;
  if (!isFormUrlEncoded(input.contentType)) return undefined;
  const value = input.body?.access_token;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !B64TOKEN.test(value)) {
    throw malformed('The access_token form parameter must be sent once and be a valid bearer token.');
  }
  return value;
}

/**
 * Finds the access token of a protected-resource request (RFC 6750 §2), or undefined if there is
 * none. The URI query method (§2.3) is refused rather than ignored: a token in a URL ends up in
 * logs, history and Referer headers (RFC 9700 §4.3.2), and the client should learn why it failed.
 * Using more than one method is refused too (§2: clients "MUST NOT use more than one method").
 */
export function extractBearerToken(input: BearerRequest): string | undefined {
  if (input.query?.access_token !== undefined) {
    throw malformed('Access tokens are not accepted in the URL query; send them in the Authorization header.');
  }
  const header = bearerFromHeader(input.authorization);
  const body = fromBody(input);
  if (header !== undefined && body !== undefined) {
    throw malformed('The access token was sent both in the Authorization header and in the body; use one method.');
  }
  return header ?? body;
}
