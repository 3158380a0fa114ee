import type { FastifyRequest } from 'fastify';
import { oauthChallenge } from '../../protocol/oauth1/authorization-header';
import { OAuth2ProtocolError } from '../../protocol/oauth2/errors';
import { ErrorResponse, toErrorResponse } from './error-response';
import { RequestRefusal } from './request-refusal';

/** OAuth 2 endpoints, not MediaWiki's client-management API under the same prefix (admin shape). */
export const OAUTH2_PATH = /^\/(?:w\/rest\.php\/)?oauth2\/(?!client(?:\/|$))/;
/** OAuth 1.0a endpoints, at our addresses and MediaWiki's. */
export const OAUTH1_PATH = /^\/(?:oauth1\/|(?:w\/)?index\.php|wiki\/Special(?::|%3A)(?:MW)?OAuth\/)/i;

/**
 * OAuth 1.0a errors in MediaWiki's shapes (docs/mediawiki-compatibility.md#errors): `format=json` gives
 * `{ error: <key>, message }`, otherwise text `Error: <message>`; unlike MediaWiki, which always
 * answered 200, with a real status, and `WWW-Authenticate: OAuth` on 401 (RFC 5849 §3.2).
 */
export function oauth1ErrorResponse(
  error: { key: string; message: string; status: number },
  request: FastifyRequest,
  realm: string,
): ErrorResponse {
  // Null when the router refused the URL before parsing its query.
  const format = (request.query as Record<string, unknown> | null | undefined)?.format;
  const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': oauthChallenge(realm) } : {};
  if (format === 'json') {
    return { status: error.status, body: { error: error.key, message: error.message }, headers, unexpected: false };
  }
  return {
    status: error.status,
    body: `Error: ${error.message}`,
    contentType: 'text/plain; charset=utf-8',
    headers,
    unexpected: false,
    plain: true,
  };
}

/** RFC 6749 §5.2 / RFC 6750 §3.1: `{ error, error_description }`, never cached. */
export function oauth2ErrorResponse(error: OAuth2ProtocolError): ErrorResponse {
  return {
    status: error.status,
    body: { error: error.error, error_description: error.description },
    headers: { ...error.headers, Pragma: 'no-cache' },
    unexpected: false,
    plain: true,
  };
}

/**
 * A request that cannot be read (RequestRefusal), in the shape of the route it was sent to, with
 * its own status (400, 413, 414, 415): clients of each protocol read errors their own way.
 */
export function requestRefusalResponse(refusal: RequestRefusal, request: FastifyRequest, realm: string): ErrorResponse {
  const path = request.url;
  if (OAUTH2_PATH.test(path))
    return oauth2ErrorResponse(new OAuth2ProtocolError('invalid_request', refusal.message, refusal.status));
  if (OAUTH1_PATH.test(path)) {
    return oauth1ErrorResponse(
      { key: 'invalid_request', message: refusal.message, status: refusal.status },
      request,
      realm,
    );
  }
  return toErrorResponse(refusal);
}
