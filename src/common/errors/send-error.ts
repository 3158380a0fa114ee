import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuth1ProtocolError } from '../../protocol/oauth1/errors';
import { OAuth2ProtocolError } from '../../protocol/oauth2/errors';
import { AppError } from './app-error';
import { isDependencyDown } from './dependency-errors';
import { ErrorResponse, toErrorResponse } from './error-response';
import { AuthRefusal } from './auth-refusal';
import { oauth1ErrorResponse, oauth2ErrorResponse } from './protocol-errors';

/** Browsers ask for HTML first; API clients ask for JSON or anything. */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !request.url.startsWith('/api/');
}

/**
 * Writes any error as the one response shape of its kind, logging unexpected ones with their
 * cause. Called by the one exception filter, which Nest's Fastify adapter also hands the errors
 * raised before a route runs (an unparseable body, an unknown content type).
 */
export async function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply, realm = 'Consentry'): Promise<void> {
  const response = describeError(error, request, realm);
  if (response.unexpected) {
    request.log.error({ err: error }, 'unexpected error');
  } else if (response.status >= 500) {
    request.log.warn({ err: error }, 'service unavailable');
  }
  if (reply.sent) return;
  reply.code(response.status).headers(response.headers).header('Cache-Control', 'no-store');
  if (response.status >= 300 && response.status < 400) {
    await reply.send();
    return;
  }
  if (!response.plain && typeof response.body === 'object' && wantsHtml(request) && typeof reply.view === 'function') {
    await reply.view('error.hbs', { titleKey: 'error-title', status: response.status, ...response.body, requestId: request.id }, { layout: 'layouts/main.hbs' });
    return;
  }
  await reply.type(response.contentType ?? 'application/json; charset=utf-8').send(response.body);
}

function describeError(error: unknown, request: FastifyRequest, realm: string): ErrorResponse {
  if (isDependencyDown(error)) {
    // Protocol endpoints speak their protocol even here (RFC 6749 §4.1.2.1 temporarily_unavailable).
    if (/^\/(w\/rest\.php\/)?oauth2\//.test(request.url)) return oauth2ErrorResponse(OAuth2ProtocolError.temporarilyUnavailable('The service is temporarily unavailable; try again shortly.'));
    return toErrorResponse(AppError.unavailable('The service is temporarily unavailable; try again shortly.', error));
  }
  if (error instanceof OAuth1ProtocolError) return oauth1ErrorResponse(error, request, realm);
  if (error instanceof OAuth2ProtocolError) return oauth2ErrorResponse(error);
  if (error instanceof AuthRefusal) {
    return { status: error.status, body: error.toJSON(), headers: error.challenge ? { 'WWW-Authenticate': error.challenge } : {}, unexpected: false, plain: true };
  }
  return toErrorResponse(error);
}
