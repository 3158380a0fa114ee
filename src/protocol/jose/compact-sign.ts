import { KeyObject, sign } from 'node:crypto';

/** The JWS algorithms our signing keys can have (OAUTH2_SIGNING_ALG). */
export type SigningAlgorithm = 'ES256' | 'RS256' | 'EdDSA';

/** The protected header besides `alg`, which the key decides. */
export interface JwsHeader {
  kid?: string;
  typ?: string;
}

/**
 * RFC 7515 §7.1 JWS Compact Serialization, signed with node:crypto in one synchronous call.
 *
 * Why not jose's SignJWT: jose 6 signs through WebCrypto, whose every signature is a job on
 * libuv's thread pool and a wake-up of the event loop when it is done. On the token endpoint
 * that round trip cost more than the signature itself. jose still verifies every token we
 * issue (the specs check that), and still makes and publishes the keys.
 */
export function signCompact(
  alg: SigningAlgorithm,
  header: JwsHeader,
  payload: Record<string, unknown>,
  key: KeyObject,
): string {
  const input = `${base64url(JSON.stringify({ alg, ...header }))}.${base64url(JSON.stringify(payload))}`;
  const data = Buffer.from(input);
  const signature =
    alg === 'EdDSA'
      ? // RFC 8037 §3.1: Ed25519 signs the message itself, no digest first.
        sign(null, data, key)
      : // RFC 7518 §3.4: ECDSA signatures are R || S, 32 bytes each for P-256, not DER.
        sign('sha256', data, alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${input}.${signature.toString('base64url')}`;
}

const base64url = (text: string): string => Buffer.from(text).toString('base64url');
