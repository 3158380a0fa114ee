import { createHash, timingSafeEqual } from 'node:crypto';
import { OAuth2ProtocolError } from './errors';

/**
 * PKCE, RFC 7636. The authorization endpoint stores `code_challenge` and its method with the
 * code; the token endpoint checks `code_verifier` against them.
 */

export type CodeChallengeMethod = 'S256' | 'plain';

/** RFC 7636 §4.1: code-verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~". */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** RFC 7636 §4.2: an S256 challenge is BASE64URL of a 32-byte hash without padding, 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

/**
 * RFC 7636 §4.2 defines the challenge as the verifier (plain) or its S256 transform, so without a
 * method the verifier grammar applies (this is league's check too). With `S256` the stricter
 * shape is checked at the authorization endpoint, where the client can still be told.
 */
export function isValidCodeChallenge(challenge: string, method?: CodeChallengeMethod): boolean {
  return method === 'S256' ? S256_CHALLENGE.test(challenge) : VERIFIER.test(challenge);
}

/**
 * RFC 7636 §4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), no padding (Appendix A).
 * UTF-8 equals ASCII for every valid verifier; `verifyPkce` rejects the others first.
 */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'utf8').digest('base64url');
}

/** Hashing both sides gives timingSafeEqual equal lengths and hides where the strings differ. */
function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * RFC 7636 §4.6. False for a malformed verifier (§4.1), for `plain` unless allowed (RFC 9700
 * §2.1.1: S256 is the method to use) and for any unknown method. The caller turns false into
 * `invalid_grant` (§4.6: "If the values are not equal, an error response indicating
 * invalid_grant ... MUST be returned").
 */
export function verifyPkce(input: {
  verifier: string;
  challenge: string;
  method: string;
  allowPlain: boolean;
}): boolean {
  if (!isValidCodeVerifier(input.verifier)) return false;
  let expected: string;
  if (input.method === 'S256') expected = s256Challenge(input.verifier);
  else if (input.method === 'plain' && input.allowPlain) expected = input.verifier;
  else return false;
  return constantTimeEqual(expected, input.challenge);
}

/**
 * The `code_challenge_method` authorization request parameter. Absent means `plain` (RFC 7636
 * §4.3), and so does an empty value (RFC 6749 §3.1: "Parameters sent without a value MUST be
 * treated as if they were omitted"). Values are case-sensitive ("S256", RFC 7636 §4.2).
 */
export function parseChallengeMethod(method: string | undefined, allowPlain: boolean): CodeChallengeMethod {
  if (method === 'S256') return 'S256';
  if (method === undefined || method === '' || method === 'plain') {
    if (allowPlain) return 'plain';
    // RFC 9700 §2.1.1: S256 does not expose the verifier in the authorization request.
    throw OAuth2ProtocolError.invalidRequest(
      method === 'plain'
        ? 'code_challenge_method plain is not allowed; use S256.'
        : 'code_challenge_method is required and must be S256 ' +
            '(when it is omitted RFC 7636 means plain, which is not allowed).',
    );
  }
  throw OAuth2ProtocolError.invalidRequest(`code_challenge_method must be ${allowPlain ? 'S256 or plain' : 'S256'}.`);
}
