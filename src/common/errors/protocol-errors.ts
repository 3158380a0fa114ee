import type { FastifyRequest } from 'fastify';
import { OAuth1ProtocolError } from '../../protocol/oauth1/errors';
import { OAuth2ProtocolError } from '../../protocol/oauth2/errors';
import { ErrorResponse } from './error-response';

/**
 * OAuth 1.0a errors in the reference's shapes (reference 1.1): `format=json` gives
 * `{ error: <key>, message }`, otherwise text `Error: <message>`; unlike MediaWiki, with a real
 * status (quirk 8), and `WWW-Authenticate: OAuth` on 401 (RFC 5849 §3.2).
 */
export function oauth1ErrorResponse(error: OAuth1ProtocolError, request: FastifyRequest, realm: string): ErrorResponse {
  const format = (request.query as Record<string, unknown> | undefined)?.format;
  const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': `OAuth realm="${realm}"` } : {};
  if (format === 'json') {
    return { status: error.status, body: { error: error.key, message: error.message }, headers, unexpected: false };
  }
  return { status: error.status, body: `Error: ${error.message}`, contentType: 'text/plain; charset=utf-8', headers, unexpected: false, plain: true };
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
