import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError } from './app-error';
import { toErrorResponse } from './error-response';

describe('toErrorResponse', () => {
  it('writes an AppError as it is, with its headers', () => {
    const error = AppError.tooManyRequests('Slow down.', 12.2);
    expect(toErrorResponse(error)).toEqual({
      status: 429, body: { error: 'rate_limited', message: 'Slow down.' }, headers: { 'Retry-After': '13' }, unexpected: false,
    });
  });

  it('keeps field details', () => {
    const error = AppError.badRequest('Invalid fields: a.', [{ field: 'a', message: 'is bad' }]);
    expect(toErrorResponse(error).body).toEqual({ error: 'invalid_request', message: 'Invalid fields: a.', details: [{ field: 'a', message: 'is bad' }] });
  });

  it('maps Nest HTTP exceptions to codes', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /secret-path')).body).toEqual({ error: 'not_found', message: 'Not found.' });
    expect(toErrorResponse(new BadRequestException('Validation failed')).body).toEqual({ error: 'invalid_request', message: 'Validation failed' });
  });

  it('uses fixed words for framework body errors', () => {
    const error = Object.assign(new Error('Unexpected token } in JSON at position 7: {"a":1}'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    expect(toErrorResponse(error).body).toEqual({ error: 'invalid_request', message: 'The request body is not valid JSON.' });
  });

  it('hides anything unexpected behind a generic 500', () => {
    const response = toErrorResponse(new Error('SQLITE_CORRUPT: secret detail'));
    expect(response.status).toBe(500);
    expect(response.unexpected).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain('secret detail');
  });
});
