import { authorizationCredentials } from './authorization-scheme';

describe('authorizationCredentials', () => {
  it.each([
    // RFC 5849 §3.5.1; the scheme is case-insensitive (RFC 9110 §11.1).
    ['OAuth oauth_consumer_key="k", oauth_signature="s"', { scheme: 'OAuth' }],
    ['oauth oauth_token="t"', { scheme: 'OAuth' }],
    ['OAuth\toauth_token="t"', { scheme: 'OAuth' }],
    ['OAuth', { scheme: 'OAuth' }],
    // RFC 6750 §2.1 example token.
    ['Bearer mF_9.B5f-4.1JqM', { scheme: 'Bearer', token: 'mF_9.B5f-4.1JqM' }],
    ['bearer abc', { scheme: 'Bearer', token: 'abc' }],
    ['BEARER\tab+/c~d==', { scheme: 'Bearer', token: 'ab+/c~d==' }],
    ['  Bearer abc  ', { scheme: 'Bearer', token: 'abc' }],
    // Bearer, but not exactly one b64token.
    ['Bearer', { scheme: 'Bearer', token: null }],
    ['Bearer abc def', { scheme: 'Bearer', token: null }],
    ['Bearer a=b', { scheme: 'Bearer', token: null }],
    ['Bearer "abc"', { scheme: 'Bearer', token: null }],
    // Nobody's, or someone else's.
    [undefined, { scheme: 'none' }],
    ['', { scheme: 'none' }],
    ['   ', { scheme: 'none' }],
    ['Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3', { scheme: 'none' }],
    ['Bearerabc', { scheme: 'none' }],
    ['OAuth2 abc', { scheme: 'none' }],
    // The OAuth 1.0a parser does not read a header that starts with a blank.
    [' OAuth oauth_token="t"', { scheme: 'none' }],
  ])('%p → %p', (header, expected) => {
    expect(authorizationCredentials(header)).toEqual(expected);
  });
});
