import fc from 'fast-check';
import { MAX_SHOWN_LENGTH, shownValue, shownValues } from './shown-value';

/** RFC 6749 §5.2: what `error_description` may contain. */
const ERROR_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

describe('shownValue: a client value repeated in an error description', () => {
  it.each([
    [
      'a grant type in full (it was cut to "…token-e")',
      'urn:ietf:params:oauth:grant-type:token-exchange',
      "'urn:ietf:params:oauth:grant-type:token-exchange'",
    ],
    ['the empty string', '', "''"],
    ['quotes and backslashes, replaced', 'a"b\\c', "'a'b/c'"],
    ['CR LF and other controls, replaced', 'a\r\nb\u0000', "'a??b?'"],
    ['non-ASCII, replaced', 'gr\u00e4nt', "'gr?nt'"],
  ])('shows %s', (_label, value, expected) => {
    expect(shownValue(value)).toBe(expected);
  });

  it('shows a value of exactly the limit whole', () => {
    const value = 'x'.repeat(MAX_SHOWN_LENGTH);
    expect(shownValue(value)).toBe(`'${value}'`);
  });

  it('cuts a longer value and says so, with its length', () => {
    const value = `${'y'.repeat(MAX_SHOWN_LENGTH)}zzz`;
    expect(shownValue(value)).toBe(`'${'y'.repeat(MAX_SHOWN_LENGTH)}'... (${MAX_SHOWN_LENGTH + 3} characters)`);
  });

  it('is always bounded and in the RFC 6749 §5.2 character set (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (value) => {
        const shown = shownValue(value);
        expect(shown).toMatch(ERROR_TEXT);
        expect(shown.length).toBeLessThanOrEqual(MAX_SHOWN_LENGTH + 40);
      }),
    );
  });
});

describe('shownValues: a list of client values', () => {
  it('joins the values with spaces inside one pair of quotes', () => {
    expect(shownValues(['delete', 'nonsense'])).toBe("'delete nonsense'");
  });

  it('bounds a long list as one value', () => {
    const values = Array.from({ length: 500 }, (_, i) => `scope${i}`);
    expect(shownValues(values).length).toBeLessThanOrEqual(MAX_SHOWN_LENGTH + 40);
    expect(shownValues(values)).toMatch(/characters\)$/);
  });
});
