import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * OAuth 1.0a consumers may register an RSA public key to sign with RSA-SHA1 (RFC 5849 §3.4.3);
 * an empty key means HMAC-SHA1 (MediaWiki's ConsumerValidator `FIELD_RSA_KEY`).
 */

/** MediaWiki allows up to a 64 KiB blob; a 16384-bit SPKI PEM is about 2.8 KB, so 10 000 is ample. */
export const MAX_RSA_KEY_LENGTH = 10000;

/** Below this, RSA signatures are forgeable in practice (NIST SP 800-131A disallowed < 1024 long ago). */
export const MIN_MODULUS_BITS = 1024;

/**
 * Every RSA-SHA1 request is verified with the consumer's key, and verifying costs grow with the
 * modulus: a bound keeps one registration from making every signature check slow
 * (docs/consumers.md#validation).
 * 4096 bits is the largest size common tools generate by default.
 */
export const MAX_MODULUS_BITS = 4096;

/**
 * Verifying also costs one modular squaring per bit of the public exponent. NIST SP 800-56B
 * §6.2.1 bounds it at 2^256; real keys use 65537 (17 bits).
 */
export const MAX_EXPONENT_BITS = 256;

export type RsaKeyCheck = 'ok' | 'empty' | 'invalid' | 'not-rsa' | 'too-long' | 'too-small' | 'too-large';

/**
 * Exactly one SPKI ("PUBLIC KEY") or PKCS#1 ("RSA PUBLIC KEY") PEM block, base64 body only.
 * This must come before `createPublicKey`, which happily derives a public key from a private
 * key PEM: a private key pasted by mistake would be accepted and then stored in a field that
 * other users can read (docs/mediawiki-compatibility.md#field-visibility). Anything else around the block
 * (a second block, a certificate, encryption headers) is refused for the same reason.
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
  return checkSize(key.asymmetricKeyDetails?.modulusLength ?? 0, key.asymmetricKeyDetails?.publicExponent ?? 0n);
}

/** RFC 8017 §3.1: an odd exponent of at least 3; then the bounds above. */
function checkSize(modulusBits: number, exponent: bigint): RsaKeyCheck {
  if (exponent < 3n || exponent % 2n === 0n) return 'invalid';
  if (modulusBits < MIN_MODULUS_BITS) return 'too-small';
  if (modulusBits > MAX_MODULUS_BITS || exponent.toString(2).length > MAX_EXPONENT_BITS) return 'too-large';
  return 'ok';
}
