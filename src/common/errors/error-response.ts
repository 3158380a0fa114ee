import { HttpException } from '@nestjs/common';
import { AppError } from './app-error';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed',
  406: 'not_acceptable', 409: 'conflict', 412: 'precondition_failed', 413: 'payload_too_large',
  415: 'unsupported_media_type', 429: 'rate_limited', 503: 'temporarily_unavailable',
};

/** Fastify's own errors (raised before a route runs), in plain words. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not accepted here.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The JSON body is empty.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
  FST_ERR_BAD_URL: 'The URL is malformed.',
  FST_ERR_ASYNC_CONSTRAINT: 'The request could not be routed.',
};

/** What one error becomes on the wire. `cause` is for the log only. */
/** The admin API's error body. */
export interface ApiErrorBody { error: string; message: string; details?: AppError['details'] }

export interface ErrorResponse<Body = ApiErrorBody | { error: string; message?: string; error_description?: string } | string> {
  status: number;
  /** JSON (admin API, OAuth 2) or text (OAuth 1.0a raw format). */
  body: Body;
  contentType?: string;
  headers: Record<string, string>;
  /** True when the error was not anticipated: log it with its stack. */
  unexpected: boolean;
  /** Protocol errors keep their own shape even for browsers (no HTML error page). */
  plain?: boolean;
}

/** Maps anything thrown to a safe response. Only AppError and 4xx framework errors keep their text. */
export function toErrorResponse(error: unknown): ErrorResponse<ApiErrorBody> {
  if (error instanceof AppError) {
    const body = { error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
    return { status: error.status, body, headers: error.headers, unexpected: error.status >= 500 && error.status !== 503 };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const message = status === 404 ? 'Not found.' : httpExceptionMessage(error);
    return { status, body: { error: CODE_BY_STATUS[status] ?? 'invalid_request', message }, headers: {}, unexpected: false };
  }
  const fastify = fastifyClientError(error);
  if (fastify) return fastify;
  return {
    status: 500,
    body: { error: 'internal_error', message: 'An unexpected error occurred. Quote the request id when reporting it.' },
    headers: {},
    unexpected: true,
  };
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

function fastifyClientError(error: unknown): ErrorResponse<ApiErrorBody> | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  // Body parse errors carry a SyntaxError text that may echo input: use fixed words instead.
  const message = (typeof code === 'string' && FASTIFY_MESSAGES[code])
    || (statusCode === 400 ? 'The request is malformed.' : 'The request cannot be processed.');
  return { status: statusCode, body: { error: CODE_BY_STATUS[statusCode] ?? 'invalid_request', message }, headers: {}, unexpected: false };
}
