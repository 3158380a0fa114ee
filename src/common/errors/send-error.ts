import type {} from '@fastify/view';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuth1ProtocolError } from '../../protocol/oauth1/errors';
import { OAuth2ProtocolError } from '../../protocol/oauth2/errors';
import { AppError } from './app-error';
import { dependencyHint, dependencyMessage } from '../logging/dependency-hint';
import { noteRefusal } from '../logging/refusals';
import { isDependencyDown } from './dependency-errors';
import { ErrorResponse, toErrorResponse } from './error-response';
import { AuthRefusal } from './auth-refusal';
import { oauth1ErrorResponse, oauth2ErrorResponse, requestRefusalResponse } from './protocol-errors';
import { asRequestRefusal } from './request-refusal';
import { ErrorPage, errorPage, errorPageRenderer } from './error-pages';
import { ReadOnlyRefusal, readOnlyResponse } from './read-only-refusal';

export { wantsHtml } from './error-pages';

/**
 * Writes any error as the one response shape of its kind, logging unexpected ones with their
 * cause. Called by the one exception filter, which Nest's Fastify adapter also hands the errors
 * raised before a route runs (an unparseable body, an unknown content type).
 */
export async function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  realm = 'Consentry',
): Promise<void> {
  const response = describeError(error, request, realm);
  logError(error, response, request);
  if (reply.sent) return;
  reply.code(response.status).headers(response.headers).header('Cache-Control', 'no-store');
  if (response.status >= 300 && response.status < 400) {
    await reply.send();
    return;
  }
  const page = errorPage(error, response, request);
  if (page && (await renderPage(request, reply, page))) return;
  await reply.type(response.contentType ?? 'application/json; charset=utf-8').send(response.body);
}

/**
 * views/error.hbs: through the web layer's renderer, with what every page has (the header's login
 * state, the language); else, or if that fails (the session store away), as a bare page.
 */
async function renderPage(request: FastifyRequest, reply: FastifyReply, page: ErrorPage): Promise<boolean> {
  const full = typeof reply.view === 'function' ? errorPageRenderer(request) : undefined;
  if (full) {
    try {
      await full(request, reply, page);
      return true;
    } catch (error) {
      request.log.warn({ err: error }, 'error page rendered without the page context');
      if (reply.sent) return true;
    }
  }
  const render = renderer(request, reply);
  if (!render) return false;
  await render('error.hbs', page, { layout: 'layouts/main.hbs' });
  return true;
}

/**
 * Unexpected errors with their stack; a dependency away in words naming its setting (no stack:
 * one per request while it lasts). A refusal is not a line of its own: its code and reason go in
 * the request's line (app.setup.ts), with the method, the route pattern and the request id.
 */
function logError(error: unknown, response: ErrorResponse, request: FastifyRequest): void {
  if (response.unexpected) {
    request.log.error({ err: error }, 'unexpected error');
    return;
  }
  if (isDependencyDown(error)) {
    const hint = dependencyHint(error);
    request.log.warn({ ...hint, status: response.status }, dependencyMessage(hint));
    return;
  }
  // Read-only mode refuses by design: a refusal like any other, not a failure to warn about.
  if (response.status >= 500 && !(error instanceof ReadOnlyRefusal)) {
    request.log.warn({ err: error }, 'service unavailable');
    return;
  }
  const reason = reasonOf(error);
  noteRefusal(request, { code: codeOfResponse(error, response), ...(reason ? { reason } : {}) });
}

/** The code the client was sent: `error` in a JSON body, or the OAuth 1.0a key of a text one. */
function codeOfResponse(error: unknown, response: ErrorResponse): string | undefined {
  if (typeof response.body === 'object' && typeof response.body.error === 'string') return response.body.error;
  const key = (error as { key?: unknown } | null)?.key;
  return typeof key === 'string' ? key : undefined;
}

/** The access policy's reason code (docs/security.md "Reason codes"), when the error or its cause carries one. */
function reasonOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 3; depth += 1) {
    const { reason, cause } = e as { reason?: unknown; cause?: unknown };
    if (typeof reason === 'string') return reason;
    e = cause;
  }
  return undefined;
}

/** How long a client is told to wait when the database or Redis is away: about a failover's length. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

type Render = (page: string, data: object, options: object) => Promise<unknown>;

/**
 * `reply.view`; or, for the bare reply Fastify makes when its router refuses a URL before any
 * route (frameworkErrors), the same render through the instance, so browsers get the page there too.
 */
function renderer(request: FastifyRequest, reply: FastifyReply): Render | undefined {
  if (typeof reply.view === 'function')
    return async (page, data, options) => {
      await reply.view(page, data, options);
    };
  const view = (
    request.server as { view?: (page: string, data: object, options: object) => Promise<string> } | undefined
  )?.view;
  if (typeof view !== 'function') return undefined;
  return async (page, data, options) => reply.type('text/html; charset=utf-8').send(await view(page, data, options));
}

function describeError(error: unknown, request: FastifyRequest, realm: string): ErrorResponse {
  if (error instanceof ReadOnlyRefusal) return readOnlyResponse(error, request, realm);
  if (isDependencyDown(error)) {
    // Protocol endpoints speak their protocol even here (RFC 6749 §4.1.2.1 temporarily_unavailable).
    const response = /^\/(w\/rest\.php\/)?oauth2\//.test(request.url)
      ? oauth2ErrorResponse(
          OAuth2ProtocolError.temporarilyUnavailable('The service is temporarily unavailable; try again shortly.'),
        )
      : toErrorResponse(AppError.unavailable('The service is temporarily unavailable; try again shortly.', error));
    // RFC 9110 §10.2.3: a failover or reconnection takes seconds (docs/operations.md#what-a-failover-costs).
    return { ...response, headers: { ...response.headers, 'Retry-After': String(DEPENDENCY_RETRY_AFTER_SECONDS) } };
  }
  if (error instanceof OAuth1ProtocolError) return oauth1ErrorResponse(error, request, realm);
  if (error instanceof OAuth2ProtocolError) return oauth2ErrorResponse(error);
  if (error instanceof AuthRefusal) {
    return {
      status: error.status,
      body: error.toJSON(),
      headers: error.challenge ? { 'WWW-Authenticate': error.challenge } : {},
      unexpected: false,
      plain: true,
    };
  }
  const refusal = error instanceof AppError ? undefined : asRequestRefusal(error);
  if (refusal) return requestRefusalResponse(refusal, request, realm);
  return toErrorResponse(error);
}
