import { baseStringUri, normalizeParameters, signatureBaseString } from './base-string';
import { collectParameters } from './parameters';
import { thrown } from './testing';

const RFC_URL = 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b';
// RFC 5849 §3.4.1.3.1 table, plus the signature the base string must leave out.
const RFC_PAIRS: Array<[string, string]> = [
  ['b5', '=%3D'],
  ['a3', 'a'],
  ['c@', ''],
  ['a2', 'r b'],
  ['oauth_consumer_key', '9djdj82h48djs9d2'],
  ['oauth_token', 'kkk9d7dh3k39sjv7'],
  ['oauth_signature_method', 'HMAC-SHA1'],
  ['oauth_timestamp', '137131201'],
  ['oauth_nonce', '7d8f3e4a'],
  ['c2', ''],
  ['a3', '2 q'],
  ['oauth_signature', 'djosJKDKJSD8743243/jdk33klY='],
];
// RFC 5849 §3.4.1.3.2 and §3.4.1.1.
const RFC_NORMALIZED =
  'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a' +
  '&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7';
const RFC_BASE_STRING =
  'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D' +
  '%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1' +
  '%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7';

describe('baseStringUri (RFC 5849 §3.4.1.2)', () => {
  it.each([
    ['http://EXAMPLE.COM:80/r%20v/X?id=123', 'http://example.com/r%20v/X'], // RFC example 1
    ['https://www.example.net:8080/?q=1', 'https://www.example.net:8080/'], // RFC example 2
    ['https://www.example.com:443/', 'https://www.example.com/'],
    ['HTTP://www.example.com:443/', 'http://www.example.com:443/'],
    ['HTTPS://www.example.com:80/', 'https://www.example.com:80/'],
    ['http://www.example.com:080/', 'http://www.example.com/'],
    ['http://www.example.com:/', 'http://www.example.com/'],
    ['http://www.example.com', 'http://www.example.com/'],
    ['http://www.example.com:8080', 'http://www.example.com:8080/'],
    ['https://www.example.com/path#fragment', 'https://www.example.com/path'],
    ['https://www.example.com/foo/bar/', 'https://www.example.com/foo/bar/'],
    ['https://Wiki.Example.ORG/w/index.php?title=Special:OAuth/initiate', 'https://wiki.example.org/w/index.php'],
    ['https://h/Path/a/../b/./C%2f?x', 'https://h/Path/a/../b/./C%2f'], // path exactly as sent
    ['http://[123:db8:fd00:1000::5]:13000', 'http://[123:db8:fd00:1000::5]:13000/'],
    ['https://[::1]:443/x', 'https://[::1]/x'],
    ['https://192.168.0.1:13000/', 'https://192.168.0.1:13000/'],
  ])('normalizes %p to %p', (url, expected) => {
    expect(baseStringUri(url)).toBe(expected);
  });

  it.each([
    [''],
    ['example.com'],
    ['/relative'],
    ['http:example.com'],
    ['http://'],
    ['http://:8080'],
    ['http://eg.com:0'],
    ['http://eg.com:65536'],
    ['http://eg.com:BAD'],
    ['http://eg.com:42:42'],
    ['http://eg.com: '],
    ['ftp://example.com/'],
    ['constructor://example.com/'],
    ['toString://example.com/'],
    ['http://user:pw@example.com/'],
    ['http://user@example.com/'],
    ['http://[::1/'],
  ])('refuses %p with 400 invalid_url', (url) => {
    expect(thrown(() => baseStringUri(url))).toMatchObject({ key: 'invalid_url', status: 400 });
  });
});

describe('normalizeParameters (RFC 5849 §3.4.1.3.2)', () => {
  it('gives the RFC example, without oauth_signature', () => {
    expect(normalizeParameters(RFC_PAIRS)).toBe(RFC_NORMALIZED);
  });

  it.each<[string, Array<[string, string]>, string]>([
    ['nothing', [], ''],
    // Values sort after encoding: "%C3%A9" < "A" < "a" < "~" in byte order.
    [
      'values after encoding',
      [
        ['x', 'a'],
        ['x', 'é'],
        ['x', '~'],
        ['x', 'A'],
        ['x', '*'],
      ],
      'x=%2A&x=%C3%A9&x=A&x=a&x=~',
    ],
    [
      'names by byte, not locale',
      [
        ['b', '1'],
        ['a', '2'],
        ['B', '3'],
      ],
      'B=3&a=2&b=1',
    ],
    [
      'values as strings, not numbers',
      [
        ['a', '10'],
        ['a', '9'],
        ['a', '1'],
      ],
      'a=1&a=10&a=9',
    ],
    [
      'encoded names',
      [
        ['a-', '3'],
        ['a b', '1'],
        ['a', '2'],
      ],
      'a=2&a%20b=1&a-=3',
    ],
    [
      'only oauth_signature itself out',
      [
        ['oauth_signature', 'x'],
        ['oauth_signature_method', 'PLAINTEXT'],
      ],
      'oauth_signature_method=PLAINTEXT',
    ],
  ])('sorts %s', (_, pairs, expected) => {
    expect(normalizeParameters(pairs)).toBe(expected);
  });
});

describe('signatureBaseString (RFC 5849 §3.4.1.1)', () => {
  it('gives the RFC example, with the method upper-cased', () => {
    expect(signatureBaseString('post', RFC_URL, RFC_PAIRS)).toBe(RFC_BASE_STRING);
  });

  it('gives the RFC example from the raw request', () => {
    const { pairs } = collectParameters({
      method: 'POST',
      url: RFC_URL,
      contentType: 'application/x-www-form-urlencoded',
      body: 'c2&a3=2+q',
      authorization:
        'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ' +
        'oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"',
    });
    expect(signatureBaseString('POST', RFC_URL, pairs)).toBe(RFC_BASE_STRING);
  });

  it('matches python3-oauthlib 3.2.2 on non-ASCII, reserved characters and a default port', () => {
    const pairs: Array<[string, string]> = [
      ['x', 'a'],
      ['x', 'é'],
      ['x', 'A'],
      ['x', '~'],
      ['x', '*'],
      ['z y', '1+1=2'],
      ['oauth_consumer_key', 'key'],
      ['oauth_nonce', 'n!1'],
      ['a', ''],
    ];
    // signature.signature_base_string('post', base_string_uri(url), normalize_parameters(pairs))
    expect(signatureBaseString('post', 'HTTPS://Api.Example.COM:443/w/index.php', pairs)).toBe(
      'POST&https%3A%2F%2Fapi.example.com%2Fw%2Findex.php&a%3D%26oauth_consumer_key%3Dkey%26oauth_nonce%3Dn%25211' +
        '%26x%3D%252A%26x%3D%25C3%25A9%26x%3DA%26x%3Da%26x%3D~%26z%2520y%3D1%252B1%253D2',
    );
  });

  it('gives OAuth Core 1.0a appendix A.5.1 (parameters in the query)', () => {
    const url =
      'http://photos.example.net/photos?file=vacation.jpg&size=original&oauth_consumer_key=dpf43f3p2l4k3l03' +
      '&oauth_token=nnch734d00sl2jdk&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1191242096' +
      '&oauth_nonce=kllo9940pd9333jh&oauth_version=1.0';
    expect(signatureBaseString('GET', url, collectParameters({ method: 'GET', url }).pairs)).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
        '%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096' +
        '%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
    );
  });
});
