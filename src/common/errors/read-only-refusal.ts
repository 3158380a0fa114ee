import type { FastifyRequest } from 'fastify';
import { OAuth2ProtocolError } from '../../protocol/oauth2/errors';
import { ErrorResponse } from './error-response';
import { OAUTH1_PATH, OAUTH2_PATH, oauth1ErrorResponse, oauth2ErrorResponse } from './protocol-errors';

/**
 * How long clients are told to wait (RFC 9110 §10.2.3): maintenance is minutes, not seconds; a
 * client that retries sooner is refused again at no cost.
 */
export const READ_ONLY_RETRY_AFTER_SECONDS = 300;

/** MediaWiki's key for a write refused under $wgMWOAuthReadOnly (docs/mediawiki-compatibility.md#errors). */
export const OAUTH1_READ_ONLY_KEY = 'mwoauth-db-readonly';

/** The admin API's code, and the pages' cue for their title (docs/operations.md#read-only-mode). */
export const READ_ONLY_CODE = 'read_only';

/** A write refused in read-only mode; `message` is the operator's READ_ONLY_MESSAGE. */
export class ReadOnlyRefusal extends Error {
  override readonly name = 'ReadOnlyRefusal';
  readonly status = 503;
}

/**
 * The refusal in the shape of the route it was sent to: OAuth 2 endpoints `temporarily_unavailable`
 * (RFC 6749 §5.2, the code §4.1.2.1 defines for this), OAuth 1.0a MediaWiki's `mwoauth-db-readonly`
 * in its text or JSON format, anything else `{ error: 'read_only', message }` (an HTML page for
 * browsers); each 503 with Retry-After.
 */
export function readOnlyResponse(refusal: ReadOnlyRefusal, request: FastifyRequest, realm: string): ErrorResponse {
  const retry = { 'Retry-After': String(READ_ONLY_RETRY_AFTER_SECONDS) };
  const path = request.url;
  if (OAUTH2_PATH.test(path)) {
    const response = oauth2ErrorResponse(OAuth2ProtocolError.temporarilyUnavailable(refusal.message));
    return { ...response, headers: { ...response.headers, ...retry } };
  }
  if (OAUTH1_PATH.test(path)) {
    const response = oauth1ErrorResponse(
      { key: OAUTH1_READ_ONLY_KEY, message: refusal.message, status: refusal.status },
      request,
      realm,
    );
    return { ...response, headers: { ...response.headers, ...retry } };
  }
  return {
    status: refusal.status,
    body: { error: READ_ONLY_CODE, message: refusal.message },
    headers: retry,
    unexpected: false,
  };
}
