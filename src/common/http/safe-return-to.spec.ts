import { safeReturnTo } from './safe-return-to';

describe('safeReturnTo', () => {
  it.each([
    ['/api/v1/users/me', '/api/v1/users/me'],
    ['/oauth2/authorize?client_id=abc&state=x%20y', '/oauth2/authorize?client_id=abc&state=x%20y'],
    ['/a/../b', '/b'],
    ['/#frag', '/#frag'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    ['https://evil.example/'], ['//evil.example/'], ['/\\evil.example'], ['\\\\evil.example'], ['/\t/evil.example'],
    ['/\n/evil.example'], ['javascript:alert(1)'], ['evil.example'], [''], ['/%0a/evil'.replace('%0a', '\n')],
    ['x'.repeat(3000)], [undefined], [42], [['/a']],
  ])('refuses %p and falls back to /', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });

  it('uses the given fallback', () => {
    expect(safeReturnTo('//evil', '/home')).toBe('/home');
  });
});
