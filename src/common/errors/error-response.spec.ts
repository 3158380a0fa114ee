import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error';
import { toErrorResponse } from './error-response';
import { RequestRefusal } from './request-refusal';

describe('toErrorResponse', () => {
  it('writes an AppError as it is, with its headers', () => {
    const error = AppError.tooManyRequests('Slow down.', 12.2);
    expect(toErrorResponse(error)).toEqual({
      status: 429,
      body: { error: 'rate_limited', message: 'Slow down.' },
      headers: { 'Retry-After': '13' },
      unexpected: false,
    });
  });

  it('keeps field details', () => {
    const error = AppError.badRequest('Invalid fields: a.', [{ field: 'a', message: 'is bad' }]);
    expect(toErrorResponse(error).body).toEqual({
      error: 'invalid_request',
      message: 'Invalid fields: a.',
      details: [{ field: 'a', message: 'is bad' }],
    });
  });

  it('maps Nest HTTP exceptions to codes', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /secret-path')).body).toEqual({
      error: 'not_found',
      message: 'Not found.',
    });
    expect(toErrorResponse(new BadRequestException('Validation failed')).body).toEqual({
      error: 'invalid_request',
      message: 'Validation failed',
    });
  });

  it('uses fixed words for framework body errors', () => {
    const error = Object.assign(new Error('Unexpected token } in JSON at position 7: {"a":1}'), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(toErrorResponse(error).body).toEqual({
      error: 'invalid_request',
      message: 'The request body is not valid JSON.',
    });
  });

  // Nest's FastifyAdapter.mapException wraps Fastify's client errors: their words echo input.
  it.each([
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'invalid_request', 'The request body is not valid JSON.'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'invalid_request', 'The JSON body is empty.'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'payload_too_large', 'The request body is too large.'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'unsupported_media_type', 'This content type is not accepted here.'],
    [
      'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
      400,
      'invalid_request',
      'The Content-Length header does not match the body.',
    ],
    ['FST_ERR_BAD_URL', 400, 'invalid_request', 'The URL is malformed.'],
    ['FST_ERR_MAX_PARAM_LENGTH', 414, 'uri_too_long', 'A part of the URL is too long.'],
    ['FST_ERR_ASYNC_CONSTRAINT', 500, 'invalid_request', 'The request could not be routed.'],
  ])("writes Fastify's %s, wrapped by Nest or not, in fixed words", (code, status, error, message) => {
    const fastify = Object.assign(new Error(`'/%ff' is not a valid url component: {"echo":1}`), {
      name: 'FastifyError',
      code,
      statusCode: status,
    });
    const expected = { status: status >= 500 ? 400 : status, body: { error, message }, headers: {}, unexpected: false };
    expect(toErrorResponse(fastify)).toEqual(expected);
    if (status < 500)
      expect(toErrorResponse(new HttpException(fastify.message, status, { cause: fastify }))).toEqual(expected);
  });

  it('writes a request that cannot be read (body too deep) as a 400, and a JSON syntax error in fixed words', () => {
    expect(toErrorResponse(new RequestRefusal(400, 'Too deep.')).body).toEqual({
      error: 'invalid_request',
      message: 'Too deep.',
    });
    const syntax = Object.assign(new SyntaxError('Unexpected token } in JSON at position 7'), { statusCode: 400 });
    expect(toErrorResponse(syntax).body).toEqual({
      error: 'invalid_request',
      message: 'The request body is not valid JSON.',
    });
    expect(toErrorResponse(new BadRequestException('Object contains forbidden prototype property')).body.message).toBe(
      'The request body uses a forbidden parameter name.',
    );
  });

  it('hides anything unexpected behind a generic 500', () => {
    const response = toErrorResponse(new Error('SQLITE_CORRUPT: secret detail'));
    expect(response.status).toBe(500);
    expect(response.unexpected).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain('secret detail');
  });
});
