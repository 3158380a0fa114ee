import { OAuth2ProtocolError } from './errors';
import { basicChallenge } from './www-authenticate';

describe('OAuth2ProtocolError helpers', () => {
  it.each([
    ['invalidRequest', () => OAuth2ProtocolError.invalidRequest('d'), 'invalid_request', 400, {}],
    [
      'invalidRequest with headers',
      () => OAuth2ProtocolError.invalidRequest('d', { 'WWW-Authenticate': 'Bearer' }),
      'invalid_request',
      400,
      { 'WWW-Authenticate': 'Bearer' },
    ],
    ['invalidClient (body credentials)', () => OAuth2ProtocolError.invalidClient('d'), 'invalid_client', 401, {}],
    [
      'invalidClient (Basic)',
      () => OAuth2ProtocolError.invalidClient('d', basicChallenge('oauth2')),
      'invalid_client',
      401,
      { 'WWW-Authenticate': 'Basic realm="oauth2"' },
    ],
    ['invalidGrant', () => OAuth2ProtocolError.invalidGrant('d'), 'invalid_grant', 400, {}],
    ['unauthorizedClient', () => OAuth2ProtocolError.unauthorizedClient('d'), 'unauthorized_client', 400, {}],
    ['unsupportedGrantType', () => OAuth2ProtocolError.unsupportedGrantType('d'), 'unsupported_grant_type', 400, {}],
    ['invalidScope', () => OAuth2ProtocolError.invalidScope('d'), 'invalid_scope', 400, {}],
    ['accessDenied', () => OAuth2ProtocolError.accessDenied('d'), 'access_denied', 403, {}],
    [
      'unsupportedResponseType',
      () => OAuth2ProtocolError.unsupportedResponseType('d'),
      'unsupported_response_type',
      400,
      {},
    ],
    [
      'temporarilyUnavailable',
      () => OAuth2ProtocolError.temporarilyUnavailable('d'),
      'temporarily_unavailable',
      503,
      {},
    ],
    ['loginRequired (OIDC)', () => OAuth2ProtocolError.loginRequired('d'), 'login_required', 400, {}],
    ['consentRequired (OIDC)', () => OAuth2ProtocolError.consentRequired('d'), 'consent_required', 400, {}],
    [
      'invalidToken',
      () => OAuth2ProtocolError.invalidToken('The access token expired', 'example'),
      'invalid_token',
      401,
      {
        'WWW-Authenticate':
          'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
      },
    ],
    [
      'invalidToken without realm',
      () => OAuth2ProtocolError.invalidToken('d'),
      'invalid_token',
      401,
      { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="d"' },
    ],
    [
      'insufficientScope',
      () => OAuth2ProtocolError.insufficientScope('d', 'editpage', 'example'),
      'insufficient_scope',
      403,
      {
        'WWW-Authenticate':
          'Bearer realm="example", scope="editpage", error="insufficient_scope", error_description="d"',
      },
    ],
  ])('%s', (_name, make, error, status, headers) => {
    const e = make();
    expect(e).toBeInstanceOf(OAuth2ProtocolError);
    expect(e).toBeInstanceOf(Error);
    expect({ error: e.error, status: e.status, headers: e.headers }).toEqual({ error, status, headers });
  });
});

describe('OAuth2ProtocolError', () => {
  it('defaults to 400 without headers, and exposes the description as the message', () => {
    const e = new OAuth2ProtocolError('server_error', 'Something broke.');
    expect({
      name: e.name,
      error: e.error,
      description: e.description,
      message: e.message,
      status: e.status,
      headers: e.headers,
    }).toEqual({
      name: 'OAuth2ProtocolError',
      error: 'server_error',
      description: 'Something broke.',
      message: 'Something broke.',
      status: 400,
      headers: {},
    });
  });

  it('replaces characters that RFC 6749 §5.2 forbids in error_description', () => {
    expect(OAuth2ProtocolError.invalidGrant('Code "abc" \\ expired\r\nX: é').description).toBe(
      "Code 'abc' / expired??X: ?",
    );
  });

  it('keeps the cause for the log', () => {
    const cause = new Error('db down');
    expect(new OAuth2ProtocolError('temporarily_unavailable', 'Try later.', 503, {}, { cause }).cause).toBe(cause);
  });
});
