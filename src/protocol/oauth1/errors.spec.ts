import { badRequest, OAuth1ProtocolError, unauthorized } from './errors';

describe('OAuth1ProtocolError', () => {
  it('carries the key, the message and the status', () => {
    const error = new OAuth1ProtocolError('mwoauth-callback-not-oob', 'The callback must be "oob".', 400);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'OAuth1ProtocolError',
      key: 'mwoauth-callback-not-oob',
      message: 'The callback must be "oob".',
      status: 400,
    });
  });

  it.each([
    [badRequest, 'missing_parameter', 400],
    [unauthorized, 'invalid_signature', 401],
  ] as const)('%p builds an error with status %p', (make, key, status) => {
    const error = make(key, 'text');
    expect(error).toBeInstanceOf(OAuth1ProtocolError);
    expect([error.key, error.status, error.message]).toEqual([key, status, 'text']);
  });
});
