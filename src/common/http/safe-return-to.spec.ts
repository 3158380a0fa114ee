import fc from 'fast-check';
import { safeReturnTo } from './safe-return-to';

const BASE = 'http://consentry.invalid';

/** Pieces that dot-segment resolution, browsers and the WHATWG parser treat specially. */
const tricky = fc.constantFrom(
  '/',
  '//',
  '.',
  '..',
  '%2e',
  '%2E',
  '%2e%2e',
  '.%2e',
  '\\',
  '%5c',
  '%2f',
  '\t',
  '\n',
  '\r',
  ' ',
  ':',
  '@',
  '?',
  '#',
  'evil.example',
  'a',
  'https:',
  'javascript:',
  '\u3002',
  '\uff0f',
  '\u2028',
  '%00',
  '%0a',
);
const pathLike = fc.array(tricky, { maxLength: 12 }).map((parts) => `/${parts.join('')}`);

/** What a browser does with a Location value: strips tabs and newlines, then resolves it against the page. */
function browserTarget(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, ''), BASE);
}

describe('safeReturnTo', () => {
  it.each([
    ['/api/v1/users/me', '/api/v1/users/me'],
    ['/oauth2/authorize?client_id=abc&state=x%20y', '/oauth2/authorize?client_id=abc&state=x%20y'],
    ['/a/../b', '/b'],
    ['/a/./b', '/a/b'],
    ['/#frag', '/#frag'],
  ])('keeps the same-site path %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    ['https://evil.example/'],
    ['//evil.example/'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [''],
    ['/%0a/evil'.replace('%0a', '\n')],
    ['x'.repeat(3000)],
    [undefined],
    [42],
    [['/a']],
  ])('refuses %p and falls back to /', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });

  // Dot-segments are resolved before the checks: each of these resolves to "//evil.example".
  it.each([
    ['/.//evil.example'],
    ['/..//evil.example'],
    ['/a/..//evil.example'],
    ['/%2e//evil.example'],
    ['/.%2e//evil.example'],
    ['/%2e%2e//evil.example'],
    ['/x/../..//evil.example?q#f'],
  ])('refuses %p, which resolves to a scheme-relative URL', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });

  it('uses the given fallback', () => {
    expect(safeReturnTo('//evil', '/home')).toBe('/home');
  });

  it('never returns anything that leaves the site (property)', () => {
    fc.assert(
      fc.property(fc.oneof(pathLike, fc.string(), fc.string({ unit: 'grapheme' }), fc.webUrl()), (input) => {
        const out = safeReturnTo(input);
        expect(out.startsWith('/')).toBe(true);
        expect(out).not.toMatch(/^[/\\]{2}/);
        expect(out).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
        expect(out).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        expect(browserTarget(out).origin).toBe(BASE);
        // Idempotent: what it returns, it would return again.
        expect(safeReturnTo(out)).toBe(out);
      }),
      { numRuns: 1000 },
    );
  });
});
