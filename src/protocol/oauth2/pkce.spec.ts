import { OAuth2ProtocolError } from './errors';
import { isValidCodeChallenge, isValidCodeVerifier, parseChallengeMethod, s256Challenge, verifyPkce } from './pkce';

// RFC 7636 Appendix B.
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
// Computed independently: printf %s "$v" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d =
const LONG_VERIFIER = '~._-'.repeat(32);
const LONG_CHALLENGE = '2u_m7DaM-b_h8GhNxUxhdLmXpDSbUbVyika2tMHCJ5s';

describe('s256Challenge', () => {
  it.each([
    [RFC_VERIFIER, RFC_CHALLENGE],
    ['a'.repeat(43), 'ZtNPunH49FD35FWYhT5Tv8I7vRKQJ8uxMaL0_9eHjNA'],
    [LONG_VERIFIER, LONG_CHALLENGE],
  ])('BASE64URL(SHA256(%p)) = %p, unpadded', (verifier, expected) => {
    expect(s256Challenge(verifier)).toBe(expected);
  });
});

describe('isValidCodeVerifier (RFC 7636 §4.1)', () => {
  it.each([
    [RFC_VERIFIER, true],
    ['a'.repeat(43), true],
    ['a'.repeat(42), false],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    [LONG_VERIFIER, true],
    ['a'.repeat(42) + '+', false],
    ['a'.repeat(42) + '/', false],
    ['a'.repeat(42) + '=', false],
    ['a'.repeat(42) + ' ', false],
    ['a'.repeat(42) + 'é', false],
    ['a'.repeat(43) + '\n', false],
    ['', false],
  ])('%p → %p', (verifier, expected) => {
    expect(isValidCodeVerifier(verifier)).toBe(expected);
  });
});

describe('isValidCodeChallenge (RFC 7636 §4.2)', () => {
  it.each([
    [RFC_CHALLENGE, undefined, true],
    [RFC_CHALLENGE, 'S256', true],
    [LONG_VERIFIER, 'plain', true],
    [LONG_VERIFIER, undefined, true],
    // A S256 challenge is exactly 43 base64url characters.
    [LONG_VERIFIER, 'S256', false],
    [RFC_CHALLENGE + 'A', 'S256', false],
    [RFC_CHALLENGE.slice(0, 42), 'S256', false],
    [RFC_CHALLENGE.slice(0, 42) + '=', 'S256', false],
    [RFC_CHALLENGE.slice(0, 42) + '.', 'S256', false],
    [RFC_CHALLENGE.slice(0, 42) + '.', undefined, true],
    ['a'.repeat(42), undefined, false],
    ['a'.repeat(129), 'plain', false],
  ] as const)('%p with %p → %p', (challenge, method, expected) => {
    expect(isValidCodeChallenge(challenge, method)).toBe(expected);
  });
});

describe('verifyPkce (RFC 7636 §4.6)', () => {
  it.each([
    ['the RFC vector', { verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE, method: 'S256', allowPlain: false }, true],
    [
      'S256 whatever allowPlain says',
      { verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE, method: 'S256', allowPlain: true },
      true,
    ],
    [
      'a 128-character verifier',
      { verifier: LONG_VERIFIER, challenge: LONG_CHALLENGE, method: 'S256', allowPlain: false },
      true,
    ],
    [
      'another verifier',
      { verifier: 'a'.repeat(43), challenge: RFC_CHALLENGE, method: 'S256', allowPlain: false },
      false,
    ],
    [
      'a challenge one character off',
      { verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE.slice(0, 42) + 'N', method: 'S256', allowPlain: false },
      false,
    ],
    [
      'a challenge prefix',
      { verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE.slice(0, 20), method: 'S256', allowPlain: false },
      false,
    ],
    ['an empty challenge', { verifier: RFC_VERIFIER, challenge: '', method: 'S256', allowPlain: false }, false],
    [
      'the challenge sent as verifier',
      { verifier: RFC_CHALLENGE, challenge: RFC_CHALLENGE, method: 'S256', allowPlain: false },
      false,
    ],
    [
      'plain when allowed',
      { verifier: RFC_VERIFIER, challenge: RFC_VERIFIER, method: 'plain', allowPlain: true },
      true,
    ],
    [
      'plain when allowed, different value',
      { verifier: RFC_VERIFIER, challenge: 'a'.repeat(43), method: 'plain', allowPlain: true },
      false,
    ],
    [
      'plain when not allowed',
      { verifier: RFC_VERIFIER, challenge: RFC_VERIFIER, method: 'plain', allowPlain: false },
      false,
    ],
    [
      'a lower-case method (values are case-sensitive)',
      { verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE, method: 's256', allowPlain: true },
      false,
    ],
    ['an unknown method', { verifier: RFC_VERIFIER, challenge: RFC_VERIFIER, method: 'S512', allowPlain: true }, false],
    [
      'a malformed verifier, even if it equals a plain challenge',
      { verifier: 'short', challenge: 'short', method: 'plain', allowPlain: true },
      false,
    ],
    [
      'a malformed verifier under S256',
      { verifier: 'short', challenge: s256Challenge('short'), method: 'S256', allowPlain: false },
      false,
    ],
  ])('%s', (_name, input, expected) => {
    expect(verifyPkce(input)).toBe(expected);
  });
});

describe('parseChallengeMethod', () => {
  it.each([
    ['S256', false, 'S256'],
    ['S256', true, 'S256'],
    ['plain', true, 'plain'],
    // RFC 7636 §4.3: absent means plain; RFC 6749 §3.1: empty means absent.
    [undefined, true, 'plain'],
    ['', true, 'plain'],
  ])('%p (allowPlain %p) → %p', (method, allowPlain, expected) => {
    expect(parseChallengeMethod(method, allowPlain)).toBe(expected);
  });

  it.each([
    [undefined, false, /required and must be S256/],
    ['', false, /required and must be S256/],
    ['plain', false, /plain is not allowed/],
    ['s256', false, /must be S256\.$/],
    ['S512', true, /must be S256 or plain\.$/],
    ['PLAIN', true, /must be S256 or plain\.$/],
  ])('%p (allowPlain %p) is invalid_request %p', (method, allowPlain, description) => {
    let thrown: unknown;
    try {
      parseChallengeMethod(method, allowPlain);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(OAuth2ProtocolError);
    expect(thrown).toMatchObject({ error: 'invalid_request', status: 400 });
    expect((thrown as OAuth2ProtocolError).description).toMatch(description);
  });
});
