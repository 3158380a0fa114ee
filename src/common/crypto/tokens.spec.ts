import { constantTimeEqual, randomToken, sha256Hex } from './tokens';

describe('tokens', () => {
  it('randomToken gives 43 URL-safe characters for 32 bytes, different each time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
  });

  it('sha256Hex matches the FIPS 180-2 "abc" vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.each([
    ['same', 'same', true],
    ['same', 'Same', false],
    ['short', 'shorter', false],
    ['', '', true],
    ['a', '', false],
  ])('constantTimeEqual(%p, %p) is %p', (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
  });
});

describe('randomToken (pooled)', () => {
  it('never hands out the same bytes twice, across pool refills', () => {
    const seen = new Set<string>();
    // 4 KiB pools of 32-byte tokens: 1,000 tokens span several refills.
    for (let i = 0; i < 1000; i += 1) seen.add(randomToken(32));
    expect(seen.size).toBe(1000);
    for (const token of seen) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives the entropy asked for, large sizes included', () => {
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16);
    expect(Buffer.from(randomToken(2048), 'base64url')).toHaveLength(2048);
  });
});
