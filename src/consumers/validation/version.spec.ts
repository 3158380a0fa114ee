import { compareVersions, isValidVersion, normalizeVersion } from './version';

// Expected values from composer/semver tests/VersionParserTest.php (successfulNormalizedVersions,
// failingNormalizedVersions) and MediaWiki's ConsumerValidatorTest / ConsumerSubmitControlTest.
describe('normalizeVersion', () => {
  it.each([
    ['1.0', '1.0.0.0'],
    ['1.0.0', '1.0.0.0'],
    ['v2', '2.0.0.0'],
    ['1.0-beta', '1.0.0.0-beta'],
    ['1.0.0-RC1', '1.0.0.0-RC1'],
    ['1.2.3.4', '1.2.3.4'],
    ['0', '0.0.0.0'],
    ['1.0.0RC1dev', '1.0.0.0-RC1-dev'],
    ['1.0.0-rC15-dev', '1.0.0.0-RC15-dev'],
    ['1.0.0.RC.15-dev', '1.0.0.0-RC15-dev'],
    ['1.0.0.pl3-dev', '1.0.0.0-patch3-dev'],
    ['10.4.13beta.2', '10.4.13.0-beta2'],
    ['10.4.13-b5', '10.4.13.0-beta5'],
    ['1.0-stable', '1.0.0.0'],
    // Composer compares "stable" case-sensitively, so the upper-case spelling is kept as a suffix.
    ['1.0-STABLE', '1.0.0.0-stable'],
    ['1.0.0-alpha-2.1-3+foo', '1.0.0.0-alpha2.1-3'],
    ['1.0.0+foo as 2.0', '1.0.0.0'],
    ['1.0.0+foo@dev', '1.0.0.0'],
    ['2010-01-02', '2010.01.02'],
    ['20100102-203040-p1', '20100102.203040-patch1'],
    ['202301310000.0.0', '202301310000.0.0'],
    ['00.01.03.04', '00.01.03.04'],
    ['1.x-dev', '1.9999999.9999999.9999999-dev'],
    ['2.0-dev', '2.0.0.0-dev'],
    ['201903.x-dev', '201903.9999999.9999999.9999999-dev'],
    ['master', 'dev-master'],
    ['DEV-FOOBAR', 'dev-FOOBAR'],
    ['dev-feature/foo', 'dev-feature/foo'],
    [' 1.0.0', '1.0.0.0'],
    ['1.0.0\t', '1.0.0.0'],
  ])('normalizes %p to %p', (input, expected) => {
    expect(normalizeVersion(input)).toBe(expected);
  });

  it.each([
    [''],
    ['a'],
    ['foo'],
    ['not-valid-semver!!'],
    ['1.0.0-meh'],
    ['1.0.0.0.0'],
    ['feature-foo'],
    ['1.0.0+foo bar'],
    ['1.0.1-SNAPSHOT'],
    ['1.0.0<1.0.5-dev'],
    ['foo bar-dev'],
    ['1.0 .2'],
    [' as 1.2'],
    ['~1'],
    ['^1'],
    ['1.*'],
    ['20100102.0.3.4'],
    ['dev'],
    ['1.0\u00a0'],
    ['١.٠'],
  ])('rejects %p', (input) => {
    expect(normalizeVersion(input)).toBeUndefined();
  });

  it('rejects a long run of pre-release digits without catastrophic backtracking', () => {
    const started = Date.now();
    expect(normalizeVersion(`1.0-beta${'1'.repeat(5000)}x`)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('isValidVersion', () => {
  it.each([
    ['1.0', true],
    ['1.0.0', true], // ConsumerValidatorTest::testFieldVersionValidSemver
    ['v2', true],
    ['1.0.0-RC1', true],
    ['not-valid-semver!!', false], // testFieldVersionInvalidSemver
    ['foo', false], // ConsumerSubmitControlTest::testSubmitOAuth1InvalidVersionString
    ['1'.repeat(33), false], // testFieldVersionTooLong
    [`1.0.0-beta.${'1'.repeat(21)}`, true], // 32 bytes, valid
    [`1.0.0-beta.${'1'.repeat(22)}`, false], // 33 bytes, otherwise valid
    [`dev-${'é'.repeat(14)}`, true], // 18 characters, 32 bytes
    [`dev-${'é'.repeat(15)}`, false], // 19 characters, 34 bytes: the limit counts bytes
  ])('%p → %p', (input, expected) => {
    expect(isValidVersion(input)).toBe(expected);
  });
});

// Expected values follow PHP's version_compare (ext/standard/versioning.c).
describe('compareVersions', () => {
  it.each([
    ['1.0', '1.0.0', -1],
    ['1.0.0', '1.0', 1],
    ['1.10', '1.9', 1],
    ['1.9', '1.10', -1],
    ['1.0-beta', '1.0', -1],
    ['1.0', '1.0-beta', 1],
    ['1.0.0-RC1', '1.0.0', -1],
    ['1.0-dev', '1.0-alpha', -1],
    ['1.0-alpha', '1.0-beta', -1],
    ['1.0-beta', '1.0-RC1', -1],
    ['1.0-rc1', '1.0-RC1', 0],
    ['1.0-pl1', '1.0', 1],
    ['1.0', '1.0', 0],
    ['1-0-0', '1.0.0', 0],
    ['1.0RC1', '1.0-RC1', 0],
    ['1.01', '1.1', 0],
    ['2.0', '10.0', -1],
    ['v2', '1.0', -1], // "v" is an unknown word and ranks below any number
    ['1.0-Beta', '1.0-alpha', -1], // only lower-case "beta" is known
    ['1.0-foo', '1.0-dev', -1],
    ['', '1.0', -1],
    ['1.0', '', 1],
    ['', '', 0],
    ['1.0.', '1.0', -1],
    ['99999999999999999999', '99999999999999999998', 0], // both clamp to LONG_MAX like strtol
  ])('version_compare(%p, %p) = %p', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});
