import { collectParameters, OAuth1Request, parseFormEncoded } from './parameters';
import { thrown } from './testing';

const FORM = 'application/x-www-form-urlencoded';

// RFC 5849 §3.4.1.3.1 example request.
const RFC_REQUEST: OAuth1Request = {
  method: 'POST',
  url: 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b',
  contentType: FORM,
  body: 'c2&a3=2+q',
  authorization:
    'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
    'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ' +
    'oauth_signature="djosJKDKJSD8743243%2Fjdk33klY%3D"',
};

describe('collectParameters', () => {
  it('collects the RFC 5849 §3.4.1.3.1 example: query, then body, then header', () => {
    const { pairs, oauth } = collectParameters(RFC_REQUEST);
    expect(pairs).toEqual([
      ['b5', '=%3D'],
      ['a3', 'a'],
      ['c@', ''],
      ['a2', 'r b'],
      ['c2', ''],
      ['a3', '2 q'],
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ['oauth_signature', 'djosJKDKJSD8743243/jdk33klY='],
    ]);
    expect(oauth).toEqual({
      oauth_consumer_key: '9djdj82h48djs9d2',
      oauth_token: 'kkk9d7dh3k39sjv7',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131201',
      oauth_nonce: '7d8f3e4a',
      oauth_signature: 'djosJKDKJSD8743243/jdk33klY=',
    });
  });

  it.each([
    [undefined],
    ['text/plain'],
    ['multipart/form-data; boundary=x'],
    ['application/x-www-form-urlencoded-extra'],
    // MediaWiki's strstr would take this one.
    ['application/json; note=application/x-www-form-urlencoded'],
  ])('ignores the body when the content type is %p', (contentType) => {
    const { pairs, oauth } = collectParameters({
      method: 'POST',
      url: 'https://h/p?q=1',
      contentType,
      body: 'oauth_token=t&a=b',
    });
    expect(pairs).toEqual([['q', '1']]);
    expect(oauth).toEqual({});
  });

  it.each([[FORM], ['Application/X-WWW-Form-Urlencoded ; charset=UTF-8']])(
    'reads the body with content type %p',
    (contentType) => {
      const { pairs, oauth } = collectParameters({
        method: 'POST',
        url: 'https://h/p',
        contentType,
        body: 'oauth_token=t&a=b',
      });
      expect(pairs).toEqual([
        ['oauth_token', 't'],
        ['a', 'b'],
      ]);
      expect(oauth).toEqual({ oauth_token: 't' });
    },
  );

  it('decodes "+" as a space in the query and body, but not in the header', () => {
    const { pairs } = collectParameters({
      method: 'POST',
      url: 'https://h/p?q=a+b%2Bc',
      contentType: FORM,
      body: 'r=1+1',
      authorization: 'OAuth oauth_nonce="x+y"',
    });
    expect(pairs).toEqual([
      ['q', 'a b+c'],
      ['r', '1 1'],
      ['oauth_nonce', 'x+y'],
    ]);
  });

  it('ignores the fragment and a header of another scheme', () => {
    const { pairs, oauth } = collectParameters({
      method: 'GET',
      url: 'https://h/p?oauth_token=t#x=1',
      authorization: 'Bearer abc',
    });
    expect(pairs).toEqual([['oauth_token', 't']]);
    expect(oauth).toEqual({ oauth_token: 't' });
  });

  it('keeps non-protocol duplicates for the base string', () => {
    const { pairs, oauth } = collectParameters({ method: 'GET', url: 'https://h/p?a=1&a=2&a=1' });
    expect(pairs).toEqual([
      ['a', '1'],
      ['a', '2'],
      ['a', '1'],
    ]);
    expect(oauth).toEqual({});
  });

  it('counts a protocol parameter repeated with the same value in two sources once', () => {
    const { pairs, oauth } = collectParameters({
      method: 'POST',
      url: 'https://h/p?oauth_nonce=n',
      contentType: FORM,
      body: 'oauth_nonce=n',
      authorization: 'OAuth oauth_nonce="n", oauth_token="t"',
    });
    expect(oauth).toEqual({ oauth_nonce: 'n', oauth_token: 't' });
    expect(pairs.filter(([name]) => name === 'oauth_nonce')).toHaveLength(3);
  });

  it.each<[string, Partial<OAuth1Request>]>([
    ['header and query differ', { url: 'https://h/p?oauth_token=a', authorization: 'OAuth oauth_token="b"' }],
    ['body and query differ', { url: 'https://h/p?oauth_token=a', contentType: FORM, body: 'oauth_token=b' }],
    ['header and body differ', { contentType: FORM, body: 'oauth_token=a', authorization: 'OAuth oauth_token="b"' }],
    ['repeated in the query', { url: 'https://h/p?oauth_token=a&oauth_token=b' }],
    ['repeated with the same value in the query', { url: 'https://h/p?oauth_token=a&oauth_token=a' }],
    ['repeated in the body', { contentType: FORM, body: 'oauth_nonce=a&oauth_nonce=a' }],
  ])('refuses a protocol parameter %s (400 duplicate_parameter)', (_, request) => {
    const error = thrown(() => collectParameters({ method: 'POST', url: 'https://h/p', ...request }));
    expect(error).toMatchObject({ key: 'duplicate_parameter', status: 400 });
  });

  it.each([['https://h/p?a=%zz'], ['https://h/p?%C3%28=1']])('refuses the malformed query %p', (url) => {
    expect(thrown(() => collectParameters({ method: 'GET', url }))).toMatchObject({
      key: 'invalid_encoding',
      status: 400,
    });
  });

  it('cannot be used for prototype pollution', () => {
    const { pairs, oauth } = collectParameters({
      method: 'GET',
      url: 'https://h/p?__proto__=x&constructor=y&oauth_token=t&__proto__[oauth_nonce]=z',
    });
    expect(Object.getPrototypeOf(oauth)).toBeNull();
    expect(Object.keys(oauth)).toEqual(['oauth_token']);
    expect(({} as Record<string, unknown>).oauth_nonce).toBeUndefined();
    expect(pairs[0]).toEqual(['__proto__', 'x']);
  });
});

describe('parseFormEncoded', () => {
  it.each<[string, Array<[string, string]>]>([
    ['', []],
    ['a', [['a', '']]],
    ['a=', [['a', '']]],
    ['=b', [['', 'b']]],
    [
      'a=1&&b=2&',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
    ['a=b=c', [['a', 'b=c']]],
    [
      'c%40=&a2=r%20b',
      [
        ['c@', ''],
        ['a2', 'r b'],
      ],
    ],
    ['%2B+%20=x+', [['+  ', 'x ']]],
  ])('parses %p', (text, expected) => {
    expect(parseFormEncoded(text)).toEqual(expected);
  });
});
