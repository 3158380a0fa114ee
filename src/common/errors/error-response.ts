import { HttpException } from '@nestjs/common';
import { AppError } from './app-error';
import { asRequestRefusal } from './request-refusal';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
  503: 'temporarily_unavailable',
};

/** The admin API's error body. */
export interface ApiErrorBody {
  error: string;
  message: string;
  details?: AppError['details'];
}

/** What one error becomes on the wire. `cause` is for the log only. */
export interface ErrorResponse<
  Body = ApiErrorBody | { error: string; message?: string; error_description?: string } | string,
> {
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
    return {
      status: error.status,
      body,
      headers: error.headers,
      unexpected: error.status >= 500 && error.status !== 503,
    };
  }
  // Before HttpException: Nest wraps Fastify's errors in one, with Fastify's words.
  const refusal = asRequestRefusal(error);
  if (refusal) {
    return {
      status: refusal.status,
      body: { error: codeOf(refusal.status), message: refusal.message },
      headers: {},
      unexpected: false,
    };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const message = status === 404 ? 'Not found.' : httpExceptionMessage(error);
    return { status, body: { error: codeOf(status), message }, headers: {}, unexpected: false };
  }
  const client = clientError(error);
  if (client) return client;
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

/** The admin API's code for a status. */
export function codeOf(status: number): string {
  return CODE_BY_STATUS[status] ?? 'invalid_request';
}

/** Other errors that carry a 4xx `statusCode` (http-errors style): fixed words, as their text may echo input. */
function clientError(error: unknown): ErrorResponse<ApiErrorBody> | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode } = error as { statusCode?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const message = statusCode === 400 ? 'The request is malformed.' : 'The request cannot be processed.';
  return { status: statusCode, body: { error: codeOf(statusCode), message }, headers: {}, unexpected: false };
}
