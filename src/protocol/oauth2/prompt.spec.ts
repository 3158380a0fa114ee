import { OAuth2ProtocolError } from './errors';
import { mustLogIn, parseAuthenticationRequest, withoutLoginRequest } from './prompt';

const NOW = 1_800_000_000;

describe('parseAuthenticationRequest (OpenID Connect Core §3.1.2.1 prompt and max_age)', () => {
  it.each<[string | undefined, string | undefined, string[], number | undefined]>([
    [undefined, undefined, [], undefined],
    ['', '', [], undefined],
    ['none', undefined, ['none'], undefined],
    ['login', undefined, ['login'], undefined],
    ['consent', undefined, ['consent'], undefined],
    ['select_account', undefined, ['select_account'], undefined],
    ['login  consent', undefined, ['login', 'consent'], undefined],
    [undefined, '0', [], 0],
    [undefined, '3600', [], 3600],
  ])('reads prompt=%p max_age=%p', (prompt, maxAge, values, seconds) => {
    const parsed = parseAuthenticationRequest(prompt, maxAge);
    expect([[...parsed.prompt], parsed.maxAge]).toEqual([values, seconds]);
  });

  it.each<[string | undefined, string | undefined, RegExp]>([
    ['none login', undefined, /none.*with any other/],
    ['none consent', undefined, /none.*with any other/],
    ['create', undefined, /Unsupported prompt value 'create'/],
    ['LOGIN', undefined, /Unsupported prompt value 'LOGIN'/],
    ['login\tconsent', undefined, /Unsupported prompt value/],
    [undefined, '-1', /max_age/],
    [undefined, '1.5', /max_age/],
    [undefined, '1e3', /max_age/],
    [undefined, ' 10', /max_age/],
    [undefined, '12345678901', /max_age/],
  ])('refuses prompt=%p max_age=%p with invalid_request', (prompt, maxAge, description) => {
    let caught: unknown;
    try {
      parseAuthenticationRequest(prompt, maxAge);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OAuth2ProtocolError);
    expect(caught).toMatchObject({ error: 'invalid_request', description: expect.stringMatching(description) });
  });
});

describe('mustLogIn', () => {
  it.each<[string, string | undefined, string | undefined, number | undefined, boolean]>([
    ['nothing asked', undefined, undefined, NOW - 86_400, false],
    ['prompt=login', 'login', undefined, NOW, true],
    ['prompt=select_account', 'select_account', undefined, NOW, true],
    ['prompt=consent alone', 'consent', undefined, NOW - 86_400, false],
    ['max_age not yet passed', undefined, '600', NOW - 600, false],
    ['max_age passed', undefined, '600', NOW - 601, true],
    ['max_age=0 (OIDC: like prompt=login)', undefined, '0', NOW - 1, true],
    ['max_age with no known login time', undefined, '600', undefined, true],
  ])('%s', (_label, prompt, maxAge, authTime, expected) => {
    expect(mustLogIn(parseAuthenticationRequest(prompt, maxAge), authTime, NOW)).toBe(expected);
  });
});

describe('withoutLoginRequest: where the browser returns after logging in again', () => {
  it.each([
    ['/oauth2/authorize?client_id=a&prompt=login&state=s', '/oauth2/authorize?client_id=a&state=s'],
    ['/oauth2/authorize?client_id=a&max_age=0', '/oauth2/authorize?client_id=a'],
    ['/oauth2/authorize?prompt=login+consent&max_age=10&x=1', '/oauth2/authorize?x=1&prompt=consent'],
    ['/oauth2/authorize?prompt=select_account%20login', '/oauth2/authorize'],
    ['/w/rest.php/oauth2/authorize?client_id=a&prompt=login', '/w/rest.php/oauth2/authorize?client_id=a'],
  ])('%s becomes %s', (url, expected) => {
    expect(withoutLoginRequest(url)).toBe(expected);
  });

  it('leaves a URL without prompt or max_age exactly as it was', () => {
    const url = '/oauth2/authorize?client_id=a&scope=openid%20basic&state=x%2By';
    expect(withoutLoginRequest(url)).toBe(url);
  });

  it('keeps every other parameter, with its value', () => {
    const url =
      '/oauth2/authorize?client_id=a&redirect_uri=https%3A%2F%2Fc.example%2Fcb%3Fa%3D1%26b%3D2' +
      '&prompt=login&nonce=n%20n';
    const back = new URL(withoutLoginRequest(url), 'https://id.example');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      client_id: 'a',
      redirect_uri: 'https://c.example/cb?a=1&b=2',
      nonce: 'n n',
    });
  });
});
