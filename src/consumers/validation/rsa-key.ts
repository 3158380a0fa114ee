import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * OAuth 1.0a consumers may register an RSA public key to sign with RSA-SHA1 (RFC 5849 §3.4.3);
 * an empty key means HMAC-SHA1 (reference §1.2 `rsaKey`, ConsumerValidator `FIELD_RSA_KEY`).
 */

/** MediaWiki allows up to a 64 KiB blob; a 16384-bit SPKI PEM is about 2.8 KB, so 10 000 is ample. */
export const MAX_RSA_KEY_LENGTH = 10000;

/** Below this, RSA signatures are forgeable in practice (NIST SP 800-131A disallowed < 1024 long ago). */
const MIN_MODULUS_BITS = 1024;

export type RsaKeyCheck = 'ok' | 'empty' | 'invalid' | 'not-rsa' | 'too-long';

/**
 * Exactly one SPKI ("PUBLIC KEY") or PKCS#1 ("RSA PUBLIC KEY") PEM block, base64 body only.
 * This must come before `createPublicKey`, which happily derives a public key from a private
 * key PEM: a private key pasted by mistake would be accepted and then stored in a field that
 * other users can read (reference §4.3, `rsaKey` is `userCanSee`). Anything else around the
 * block (a second block, a certificate, encryption headers) is refused for the same reason.
 */
// One character class between the markers, none of which is '-', so the match is linear.
const PUBLIC_KEY_PEM = /^-----BEGIN (RSA )?PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END \1PUBLIC KEY-----$/;

function parsePublicKey(pem: string): KeyObject | null {
  if (!PUBLIC_KEY_PEM.test(pem)) return null;
  try {
    return createPublicKey({ key: pem, format: 'pem' });
  } catch {
    return null;
  }
}

export function checkRsaPublicKey(pem: string): RsaKeyCheck {
  if (typeof pem !== 'string' || pem.trim() === '') return 'empty';
  // Measured on what would be stored, in bytes like MediaWiki's strlen() check.
  if (Buffer.byteLength(pem, 'utf8') > MAX_RSA_KEY_LENGTH) return 'too-long';
  const key = parsePublicKey(pem.trim());
  if (key === null) return 'invalid';
  // 'rsa-pss' keys are RSA but restricted to PSS padding; RSA-SHA1 needs PKCS#1 v1.5
  // (RFC 5849 §3.4.3), so such a key could never verify a request.
  if (key.asymmetricKeyType !== 'rsa') return 'not-rsa';
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return bits >= MIN_MODULUS_BITS ? 'ok' : 'invalid';
}
