import { constants, createHmac, createPublicKey, KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { badRequest, unauthorized } from './errors';
import { percentEncode } from './percent-encoding';

/** Methods a client can sign with a shared secret (RSA-SHA1 needs the client's private key). */
export type SigningMethod = 'HMAC-SHA1' | 'HMAC-SHA256' | 'PLAINTEXT';

/**
 * What `verifySignature` accepts. MediaWiki registers HMAC-SHA1, RSA-SHA1 and (debug only)
 * PLAINTEXT (docs/mediawiki-compatibility.md#signatures-and-tokens); HMAC-SHA256 is the common
 * extension oauthlib also supports.
 */
export const SIGNATURE_METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT'] as const;

const HMAC_DIGEST: Record<string, string> = { 'HMAC-SHA1': 'sha1', 'HMAC-SHA256': 'sha256' };
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** §3.4.2 / §3.4.4 key: encoded client secret "&" encoded token secret; the "&" is there
 *  even when the token secret is empty (temporary-credential requests). */
export function signatureKey(consumerSecret: string, tokenSecret = ''): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

/** Computes `oauth_signature` for a shared-secret method (base64 HMAC, or the PLAINTEXT key). */
export function sign(method: SigningMethod, baseString: string, consumerSecret: string, tokenSecret = ''): string {
  const key = signatureKey(consumerSecret, tokenSecret);
  if (method === 'PLAINTEXT') return key;
  return createHmac(HMAC_DIGEST[method], key).update(baseString, 'utf8').digest('base64');
}

/** Constant-time string comparison (never `===`, which leaks the matching prefix length).
 *  The expected length is public (a digest size or the caller's own key), so an early
 *  length check reveals nothing secret and keeps `timingSafeEqual` happy. */
function constantTimeEquals(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The client's registered RSA public key (PKCS#1 or SPKI PEM). Anything that is not a plain
 *  RSA key is refused: `verify('RSA-SHA1', ...)` with an EC key would run ECDSA instead. */
function rsaPublicKey(pem: string | undefined): KeyObject {
  let key: KeyObject | undefined;
  try {
    key = pem ? createPublicKey(pem) : undefined;
  } catch {
    key = undefined;
  }
  if (key?.asymmetricKeyType !== 'rsa') {
    throw unauthorized('invalid_signature', 'This client has no usable RSA public key.');
  }
  return key;
}

export interface VerifySignatureInput {
  method: string;
  signature: string;
  baseString: string;
  consumerSecret?: string;
  tokenSecret?: string;
  rsaPublicKeyPem?: string;
  /** MediaWiki's `$wgOAuthAllowInsecurePlaintextSignature`: off in production. */
  allowPlaintext: boolean;
}

function supportedMethods(allowPlaintext: boolean): string[] {
  return SIGNATURE_METHODS.filter((m) => allowPlaintext || m !== 'PLAINTEXT');
}

/**
 * Checks `oauth_signature`. An unknown or disabled method is a 400 (§3.2 "unsupported
 * signature method") naming the supported ones, as `OAuthServer::get_signature_method` does.
 * A shared-secret method without a client secret, or RSA-SHA1 without a key, cannot prove
 * anything: 401 rather than "verifying" against an empty key.
 */
export function verifySignature(input: VerifySignatureInput): boolean {
  const supported = supportedMethods(input.allowPlaintext);
  if (!supported.includes(input.method)) {
    throw badRequest(
      'unsupported_signature_method',
      `Signature method '${input.method}' is not supported; use one of: ${supported.join(', ')}.`,
    );
  }
  if (input.method === 'RSA-SHA1') {
    const key = rsaPublicKey(input.rsaPublicKeyPem);
    if (!BASE64.test(input.signature)) return false;
    const signature = Buffer.from(input.signature, 'base64');
    const data = Buffer.from(input.baseString, 'utf8');
    return verify('RSA-SHA1', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature); // §3.4.3
  }
  if (!input.consumerSecret) {
    throw unauthorized('invalid_signature', 'This client has no shared secret to verify the signature with.');
  }
  const expected = sign(input.method as SigningMethod, input.baseString, input.consumerSecret, input.tokenSecret);
  return constantTimeEquals(expected, input.signature);
}
