import { OAuth2ProtocolError } from './errors';
import { BearerRequest, extractBearerToken, parseBearerHeader } from './bearer';

const FORM = 'application/x-www-form-urlencoded';
const get = (extra: Partial<BearerRequest> = {}): BearerRequest => ({ method: 'GET', ...extra });
const post = (extra: Partial<BearerRequest> = {}): BearerRequest => ({ method: 'POST', contentType: FORM, ...extra });

describe('extractBearerToken', () => {
  it.each([
    // RFC 6750 §2.1 example token.
    ['the RFC 6750 header example', get({ authorization: 'Bearer mF_9.B5f-4.1JqM' }), 'mF_9.B5f-4.1JqM'],
    ['a lower-case scheme', get({ authorization: 'bearer abc' }), 'abc'],
    ['an upper-case scheme', get({ authorization: 'BEARER abc' }), 'abc'],
    ['several spaces after the scheme', get({ authorization: 'Bearer   abc' }), 'abc'],
    ['a tab after the scheme', get({ authorization: 'Bearer\tabc' }), 'abc'],
    ['surrounding whitespace', get({ authorization: '  Bearer abc  ' }), 'abc'],
    ['+ / and trailing =', get({ authorization: 'Bearer ab+/c~d==' }), 'ab+/c~d=='],
    [
      'a JWT',
      get({ authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' }),
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    ],
    ['nothing', get(), undefined],
    ['an empty header', get({ authorization: '' }), undefined],
    [
      "Basic, someone else's scheme",
      get({ authorization: 'Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3' }),
      undefined,
    ],
    ['OAuth 1.0a', get({ authorization: 'OAuth oauth_consumer_key="k", oauth_signature="s"' }), undefined],
    ['a scheme that only starts with Bearer', get({ authorization: 'Bearerabc' }), undefined],
    // RFC 6750 §2.2.
    ['a form body on POST', post({ body: { access_token: 'abc' } }), 'abc'],
    ['a form body on PUT', post({ method: 'PUT', body: { access_token: 'abc' } }), 'abc'],
    [
      'a form body with a charset',
      post({ contentType: `${FORM}; charset=UTF-8`, body: { access_token: 'abc' } }),
      'abc',
    ],
    [
      'a form content type in capitals',
      post({ contentType: 'Application/X-WWW-Form-URLEncoded', body: { access_token: 'abc' } }),
      'abc',
    ],
    ['a body on GET (not a bearer method)', get({ contentType: FORM, body: { access_token: 'abc' } }), undefined],
    ['a JSON body (plain data)', post({ contentType: 'application/json', body: { access_token: 'abc' } }), undefined],
    [
      'a multipart body',
      post({ contentType: 'multipart/form-data; boundary=x', body: { access_token: 'abc' } }),
      undefined,
    ],
    ['a body without a content type', post({ contentType: undefined, body: { access_token: 'abc' } }), undefined],
    ['a form body without the field', post({ body: { other: 'x' } }), undefined],
    ['a header and an unrelated form body', post({ authorization: 'Bearer abc', body: { other: 'x' } }), 'abc'],
    ['a header and an empty query', get({ authorization: 'Bearer abc', query: { page: '1' } }), 'abc'],
  ])('%s', (_name, input, expected) => {
    expect(extractBearerToken(input)).toBe(expected);
  });

  it.each([
    ['Bearer without a token', get({ authorization: 'Bearer' }), /Authorization header/],
    ['Bearer and blanks', get({ authorization: 'Bearer    ' }), /Authorization header/],
    ['two tokens', get({ authorization: 'Bearer abc def' }), /Authorization header/],
    ['= inside the token', get({ authorization: 'Bearer a=b' }), /Authorization header/],
    ['only =', get({ authorization: 'Bearer =' }), /Authorization header/],
    ['a comma', get({ authorization: 'Bearer abc,def' }), /Authorization header/],
    ['a quoted token', get({ authorization: 'Bearer "abc"' }), /Authorization header/],
    ['a line break', get({ authorization: 'Bearer ab\ncd' }), /Authorization header/],
    // RFC 6750 §2.3 is not supported (RFC 9700 §4.3.2).
    ['a query token', get({ query: { access_token: 'SECRETabc' } }), /URL query/],
    ['an empty query token', get({ query: { access_token: '' } }), /URL query/],
    [
      'a query token next to a header',
      get({ authorization: 'Bearer SECRETabc', query: { access_token: 'SECRETabc' } }),
      /URL query/,
    ],
    // RFC 6750 §2: one method only.
    ['header and body', post({ authorization: 'Bearer SECRETabc', body: { access_token: 'SECRETabc' } }), /one method/],
    ['a repeated body field', post({ body: { access_token: ['SECRETa', 'SECRETb'] } }), /access_token form parameter/],
    ['an empty body field', post({ body: { access_token: '' } }), /access_token form parameter/],
    ['a malformed body token', post({ body: { access_token: 'SECRET abc' } }), /access_token form parameter/],
    ['a non-string body field', post({ body: { access_token: 42 } }), /access_token form parameter/],
  ])('refuses %s with invalid_request', (_name, input, description) => {
    let thrown: unknown;
    try {
      extractBearerToken(input);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(OAuth2ProtocolError);
    const e = thrown as OAuth2ProtocolError;
    expect({ error: e.error, status: e.status }).toEqual({ error: 'invalid_request', status: 400 });
    expect(e.description).toMatch(description);
    expect(e.headers['WWW-Authenticate']).toBe(`Bearer error="invalid_request", error_description="${e.description}"`);
    // The token must not come back in the error.
    expect(JSON.stringify([e.description, e.headers])).not.toMatch(/SECRET/);
  });
});

describe('parseBearerHeader (RFC 6750 §2.1)', () => {
  it.each([
    ['Bearer mF_9.B5f-4.1JqM', 'mF_9.B5f-4.1JqM'],
    ['bearer abc', 'abc'],
    [undefined, undefined],
    ['', undefined],
    ['Basic Zm9vOmJhcg==', undefined],
    ['OAuth oauth_token="t"', undefined],
    // Malformed Bearer credentials: null, not a throw (extractBearerToken refuses them).
    ['Bearer', null],
    ['Bearer abc def', null],
    ['Bearer ab\ncd', null],
  ])('%p → %p', (header, expected) => {
    expect(parseBearerHeader(header)).toBe(expected);
  });
});
