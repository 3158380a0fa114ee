import type { FastifyRequest } from 'fastify';
import { requestRefusalResponse } from './protocol-errors';
import { RequestRefusal } from './request-refusal';

const request = (url: string, query: Record<string, unknown> | null = {}) =>
  ({ url, query }) as unknown as FastifyRequest;

describe('requestRefusalResponse: a request that cannot be read, in the shape of its route', () => {
  const refusal = new RequestRefusal(413, 'The request body is too large.');

  it.each(['/oauth2/token', '/oauth2/authorize?client_id=x', '/w/rest.php/oauth2/access_token', '/oauth2/introspect'])(
    'OAuth 2 at %s (RFC 6749 §5.2)',
    (url) => {
      expect(requestRefusalResponse(refusal, request(url), 'realm')).toEqual({
        status: 413,
        body: { error: 'invalid_request', error_description: 'The request body is too large.' },
        headers: { Pragma: 'no-cache' },
        unexpected: false,
        plain: true,
      });
    },
  );

  it.each(['/oauth1/initiate', '/w/index.php?title=Special:OAuth/token', '/index.php', '/wiki/Special:OAuth/identify'])(
    'OAuth 1.0a at %s',
    (url) => {
      expect(requestRefusalResponse(refusal, request(url), 'realm')).toMatchObject({
        status: 413,
        body: 'Error: The request body is too large.',
        plain: true,
      });
      expect(requestRefusalResponse(refusal, request(url, { format: 'json' }), 'realm').body).toEqual({
        error: 'invalid_request',
        message: 'The request body is too large.',
      });
      // The router refuses some URLs before it parses the query.
      expect(requestRefusalResponse(refusal, request(url, null), 'realm').status).toBe(413);
    },
  );

  it.each([
    '/api/v1/consumers',
    '/w/rest.php/oauth2/client',
    '/w/rest.php/oauth2/client/abc/reset_secret',
    '/auth/verify',
    '/login',
  ])('the app shape at %s', (url) => {
    expect(requestRefusalResponse(refusal, request(url), 'realm')).toEqual({
      status: 413,
      body: { error: 'payload_too_large', message: 'The request body is too large.' },
      headers: {},
      unexpected: false,
    });
  });
});
