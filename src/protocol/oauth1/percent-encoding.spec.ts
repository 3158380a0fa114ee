import { percentDecode, percentEncode } from './percent-encoding';
import { thrown } from './testing';

describe('percentEncode (RFC 5849 §3.6)', () => {
  it.each([
    ['', ''],
    ['ABCXYZabcxyz0189-._~', 'ABCXYZabcxyz0189-._~'],
    [' ', '%20'],
    // encodeURIComponent leaves these five alone; §3.6 does not.
    ["!'()*", '%21%27%28%29%2A'],
    ['+/=&%?#@:,;$[]', '%2B%2F%3D%26%25%3F%23%40%3A%2C%3B%24%5B%5D'],
    ['é', '%C3%A9'],
    ['😀', '%F0%9F%98%80'],
    ['\u0000\n\u007f', '%00%0A%7F'],
    ['=%3D', '%3D%253D'], // RFC 5849 §3.4.1.3.2 example (b5)
    // python3-oauthlib 3.2.2 `utils.escape("!'()*~ é😀+/=&%")`:
    ["!'()*~ é😀+/=&%", '%21%27%28%29%2A~%20%C3%A9%F0%9F%98%80%2B%2F%3D%26%25'],
  ])('encodes %p as %p', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('refuses a lone surrogate, which has no UTF-8 form', () => {
    expect(thrown(() => percentEncode('a\uD800b'))).toMatchObject({ key: 'invalid_encoding', status: 400 });
  });
});

describe('percentDecode', () => {
  it.each([
    ['plain', 'plain'],
    ['%20', ' '],
    ['a+b', 'a+b'], // "+" is not a space outside form encoding
    ['%2B', '+'],
    ['%25', '%'],
    ['%253D', '%3D'], // one level only
    ['%C3%A9', 'é'],
    ['%e2%82%ac', '€'], // lowercase hex is still valid RFC 3986
    ['%F0%9F%98%80', '😀'],
    ['é', 'é'], // raw UTF-8 text passes through
  ])('decodes %p as %p', (input, expected) => {
    expect(percentDecode(input)).toBe(expected);
  });

  it.each([
    ['%'],
    ['%4'],
    ['%zz'],
    ['abc%2'], // malformed escapes
    ['%C3%28'],
    ['%E2%82'],
    ['%FF'], // invalid or truncated UTF-8
    ['%C0%AF'], // overlong "/"
    ['%ED%A0%80'], // UTF-16 surrogate encoded in UTF-8
    ['%F4%90%80%80'], // above U+10FFFF
  ])('refuses %p with 400 invalid_encoding', (input) => {
    expect(thrown(() => percentDecode(input))).toMatchObject({ key: 'invalid_encoding', status: 400 });
  });

  it.each([["!'()* ~é😀+/=&%\u0000"], ['%3D%253D'], ['']])('reverses percentEncode for %p', (text) => {
    expect(percentDecode(percentEncode(text))).toBe(text);
  });
});
