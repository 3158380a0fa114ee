import { BadRequestException } from '@nestjs/common';

/**
 * The request itself cannot be read: a malformed URL, a body that is not valid JSON, too large,
 * too deep or too wide, an unknown content type. Raised before any route runs (by Fastify, or by
 * the body limits in common/validation), and written by the one exception filter in the shape of
 * the route that was asked for: OAuth 2 `{ error, error_description }` on OAuth 2 endpoints,
 * MediaWiki's text or `format=json` shape on OAuth 1.0a ones, `{ error, message }` elsewhere.
 * The message is fixed text: parser messages may echo the input.
 */
export class RequestRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRefusal';
  }
}

/** Fastify's own client errors (fastify/lib/errors.js), in plain words. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is malformed.',
  FST_ERR_INVALID_URL: 'The URL is malformed.',
  FST_ERR_MAX_PARAM_LENGTH: 'A part of the URL is too long.',
  FST_ERR_ASYNC_CONSTRAINT: 'The request could not be routed.',
  FST_ERR_NOT_FOUND: 'Not found.',
  FST_ERR_VALIDATION: 'The request is invalid.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'This content type is not accepted here.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The JSON body is empty.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: 'Send a Content-Type header with the body.',
  FST_ERR_ROUTE_MISSING_CONTENT: 'The request body is missing.',
};

/**
 * Fastify refuses some requests with a 5xx that is the client's doing: an async routing
 * constraint failing on what the client sent is not a server fault.
 */
const CLIENT_STATUS: Record<string, number> = { FST_ERR_ASYNC_CONSTRAINT: 400 };

/**
 * A RequestRefusal for anything that means "the request cannot be read": this class, Fastify's
 * client errors (directly, or as the `cause` Nest's adapter wraps them in), and the 400 with
 * which JSON parsers report syntax and prototype-poisoning errors. Otherwise undefined.
 */
export function asRequestRefusal(error: unknown): RequestRefusal | undefined {
  if (error instanceof RequestRefusal) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, code, name, cause } = error as {
    statusCode?: unknown;
    code?: unknown;
    name?: unknown;
    cause?: unknown;
  };
  const known = typeof code === 'string' && code.startsWith('FST_ERR_') ? FASTIFY_MESSAGES[code] : undefined;
  if (known !== undefined) {
    const status = CLIENT_STATUS[code as string] ?? (typeof statusCode === 'number' ? statusCode : 400);
    if (status >= 400 && status < 500) return new RequestRefusal(status, known);
  }
  // Nest's form parser refuses a `__proto__` name with this exception (and these words).
  if (error instanceof BadRequestException && error.message === 'Object contains forbidden prototype property') {
    return new RequestRefusal(400, 'The request body uses a forbidden parameter name.');
  }
  // secure-json-parse's SyntaxError, given statusCode 400 by Fastify's JSON parser.
  if (name === 'SyntaxError' && statusCode === 400)
    return new RequestRefusal(400, 'The request body is not valid JSON.');
  // Nest's HttpException around a Fastify error (FastifyAdapter.mapException).
  return cause !== undefined && cause !== error ? asRequestRefusal(cause) : undefined;
}
