import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';

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
export async function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const response = toErrorResponse(error);
  if (response.unexpected) {
    request.log.error({ err: error }, 'unexpected error');
  } else if (response.status >= 500) {
    request.log.warn({ err: error }, response.body.message);
  }
  if (reply.sent) return;
  reply.code(response.status).headers(response.headers).header('Cache-Control', 'no-store');
  if (response.status >= 300 && response.status < 400) {
    await reply.send();
    return;
  }
  if (wantsHtml(request) && typeof reply.view === 'function') {
    await reply.view('error.hbs', { titleKey: 'error-title', status: response.status, ...response.body, requestId: request.id });
    return;
  }
  await reply.type('application/json; charset=utf-8').send(response.body);
}
