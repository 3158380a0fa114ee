import { basicChallenge, buildWwwAuthenticate, toErrorText } from './www-authenticate';

describe('buildWwwAuthenticate (RFC 6750 §3)', () => {
  it.each([
    [{}, 'Bearer'],
    // §3.1: no credentials sent → no error information.
    [{ realm: 'example' }, 'Bearer realm="example"'],
    // The examples of RFC 6750 §3.
    [
      { realm: 'example', error: 'invalid_token', description: 'The access token expired' },
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    ],
    [{ error: 'invalid_request' }, 'Bearer error="invalid_request"'],
    // error_description only makes sense with an error.
    [{ realm: 'example', description: 'The access token expired' }, 'Bearer realm="example"'],
    [
      { realm: 'example', error: 'insufficient_scope', scope: 'read write' },
      'Bearer realm="example", scope="read write", error="insufficient_scope"',
    ],
    // realm is a quoted-string: escaped, control characters dropped.
    [{ realm: 'a"b\\c' }, 'Bearer realm="a\\"b\\\\c"'],
    [{ realm: 'a\r\nSet-Cookie: x=1' }, 'Bearer realm="aSet-Cookie: x=1"'],
    // error, error_description and scope may not contain " or \ at all, nor leave the header.
    [
      { error: 'invalid_token', description: 'bad "x" \\ y\r\nSet-Cookie: a=1' },
      'Bearer error="invalid_token", error_description="bad \'x\' / y??Set-Cookie: a=1"',
    ],
    [
      { error: 'insufficient_scope', scope: 'read "w\r\nrite' },
      'Bearer scope="read write", error="insufficient_scope"',
    ],
  ])('%p → %p', (input, expected) => {
    expect(buildWwwAuthenticate(input)).toBe(expected);
  });
});

describe('basicChallenge (RFC 7617 §2)', () => {
  it.each([
    ['oauth2', 'Basic realm="oauth2"'],
    ['My "wiki"', 'Basic realm="My \\"wiki\\""'],
  ])('%p → %p', (realm, expected) => {
    expect(basicChallenge(realm)).toBe(expected);
  });
});

describe('toErrorText (RFC 6749 §5.2 character set)', () => {
  it.each([
    ['Invalid code_verifier.', 'Invalid code_verifier.'],
    ['!#$%&()*+,-./09:;<=>?@AZ[]^_`az{|}~ ', '!#$%&()*+,-./09:;<=>?@AZ[]^_`az{|}~ '],
    ['say "no"', "say 'no'"],
    ['a\\b', 'a/b'],
    ['line\r\nbreak\ttab', 'line??break?tab'],
    ['café ✓', 'caf? ?'],
  ])('%p → %p', (value, expected) => {
    expect(toErrorText(value)).toBe(expected);
  });
});
