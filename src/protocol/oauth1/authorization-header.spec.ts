import { buildAuthorizationHeader, parseAuthorizationHeader } from './authorization-header';
import { thrown } from './testing';

// RFC 5849 §3.5.1 example.
const RFC_HEADER =
  'OAuth realm="Example",\n   oauth_consumer_key="0685bd9184jfhq22",\n   oauth_token="ad180jjd733klru7",\n' +
  '   oauth_signature_method="HMAC-SHA1",\n   oauth_signature="wOJIO9A2W5mFwDgiDvZbTSMK%2FPY%3D",\n' +
  '   oauth_timestamp="137131200",\n   oauth_nonce="4572616e48616d6d65724c61686176",\n   oauth_version="1.0"';

describe('parseAuthorizationHeader', () => {
  it('reads the RFC 5849 §3.5.1 example, folded over several lines, without the realm', () => {
    expect(parseAuthorizationHeader(RFC_HEADER)).toEqual({
      oauth_consumer_key: '0685bd9184jfhq22',
      oauth_token: 'ad180jjd733klru7',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_signature: 'wOJIO9A2W5mFwDgiDvZbTSMK/PY=',
      oauth_timestamp: '137131200',
      oauth_nonce: '4572616e48616d6d65724c61686176',
      oauth_version: '1.0',
    });
  });

  it.each([
    // The scheme is case-insensitive (RFC 7235 §2.1); MediaWiki only knows "OAuth ".
    ['oauth oauth_token="t"', { oauth_token: 't' }],
    ['OAUTH\toauth_token="t"', { oauth_token: 't' }],
    ['OAuth', {}],
    ['OAuth oauth_a="1",oauth_b="2"', { oauth_a: '1', oauth_b: '2' }],
    ['OAuth oauth_a = "1" ,  oauth_b="2"', { oauth_a: '1', oauth_b: '2' }],
    // Bare values, as MediaWiki's split_header accepts.
    ['OAuth oauth_token=abc, oauth_nonce=x%2By', { oauth_token: 'abc', oauth_nonce: 'x+y' }],
    ['OAuth oauth_token="", oauth_verifier=', { oauth_token: '', oauth_verifier: '' }],
    // Empty list elements (RFC 7230 §7).
    ['OAuth , oauth_a="1",, oauth_b="2",', { oauth_a: '1', oauth_b: '2' }],
    // "+" is a plus sign in a header value (§3.6), unlike in a form body.
    ['OAuth oauth_signature="a+b%2Bc%3D"', { oauth_signature: 'a+b+c=' }],
    ['OAuth oauth_a="x\\"y\\\\z"', { oauth_a: 'x"y\\z' }], // quoted-pair
    ['OAuth oauth_a="%C3%A9%20%F0%9F%98%80"', { oauth_a: 'é 😀' }],
    ['OAuth oauth%5Ftoken="t"', { oauth_token: 't' }], // names are percent-decoded too
    // Only oauth_* names are kept (§3.4.1.3.1 drops realm; names are case-sensitive).
    ['OAuth realm="r", foo="bar", OAUTH_TOKEN="x", Realm="y", oauth_token="t"', { oauth_token: 't' }],
    ['OAuth realm="a", realm="b", oauth_token="t"', { oauth_token: 't' }],
  ])('parses %p', (header, expected) => {
    expect(parseAuthorizationHeader(header)).toEqual(expected);
  });

  it.each([['Bearer abc'], ['Basic Zm9vOmJhcg=='], ['OAuthx oauth_token="t"'], ['OAuth2 abc'], ['']])(
    'returns undefined for the non-OAuth header %p',
    (header) => {
      expect(parseAuthorizationHeader(header)).toBeUndefined();
    },
  );

  it.each([
    ['OAuth oauth_token="t" oauth_nonce="n"', 'invalid_authorization_header'], // missing comma
    ['OAuth oauth_token="unterminated', 'invalid_authorization_header'],
    ['OAuth oauth_token', 'invalid_authorization_header'],
    ['OAuth ="x"', 'invalid_authorization_header'],
    ['OAuth oauth_token="a"b', 'invalid_authorization_header'],
    ['OAuth oauth_token=a b', 'invalid_authorization_header'],
    ['OAuth oauth_token="a", oauth_token="a"', 'duplicate_parameter'],
    ['OAuth oauth_token="a", oauth%5Ftoken="b"', 'duplicate_parameter'],
    ['OAuth oauth_token="%zz"', 'invalid_encoding'],
  ])('refuses %p with 400 %p', (header, key) => {
    expect(thrown(() => parseAuthorizationHeader(header))).toMatchObject({ key, status: 400 });
  });
});

describe('buildAuthorizationHeader', () => {
  it.each([
    [{}, undefined, 'OAuth'],
    [{}, 'http://server.example.com/', 'OAuth realm="http://server.example.com/"'], // §3.5.1 WWW-Authenticate
    [{ oauth_token: 'a b', oauth_nonce: 'x/y' }, undefined, 'OAuth oauth_token="a%20b", oauth_nonce="x%2Fy"'],
    [{ oauth_consumer_key: 'k' }, 'Photos', 'OAuth realm="Photos", oauth_consumer_key="k"'],
    [{}, 'Say "hi" \\', 'OAuth realm="Say \\"hi\\" \\\\"'],
  ])('builds %p with realm %p as %p', (params, realm, expected) => {
    expect(buildAuthorizationHeader(params, realm)).toBe(expected);
  });

  it.each([['a\r\nSet-Cookie: x=y'], ['a\u0000']])('refuses the realm %p, which cannot be a quoted-string', (realm) => {
    expect(() => buildAuthorizationHeader({}, realm)).toThrow(TypeError);
  });

  it('round-trips through parseAuthorizationHeader', () => {
    const params = { oauth_signature: 'a+b/c=', oauth_callback: 'https://app/cb?x=1&y=é', oauth_nonce: '"\\,' };
    expect(parseAuthorizationHeader(buildAuthorizationHeader(params, 'R "x"'))).toEqual(params);
  });
});
