import { hasUnsafeUrlCharacters } from './url-characters';

describe('hasUnsafeUrlCharacters', () => {
  it.each([
    // C0, DEL, C1, the Unicode line and paragraph separators, space and backslash.
    ['\u0000', true],
    ['\t', true],
    ['\r\n', true],
    ['\u001f', true],
    ['\u007f', true],
    ['\u0080', true],
    ['\u0085', true],
    ['\u009f', true],
    ['\u2028', true],
    ['\u2029', true],
    [' ', true],
    ['\\', true],
    // Printable text and percent-encoded forms are data, not controls.
    ['\u00a0', false],
    ['é', false],
    ['\u2027', false],
    ['\u202a', false],
    ['~', false],
    ['%0d%0a', false],
    ['%E2%80%A8', false],
  ])('%j → %p', (c, expected) => {
    expect(hasUnsafeUrlCharacters(`https://app.example.org/cb${c}x`)).toBe(expected);
  });

  it('accepts an ordinary URL with a query and a fragment', () => {
    expect(hasUnsafeUrlCharacters('https://app.example.org/cb?a=b%20c&d=%0A#frag')).toBe(false);
  });
});
