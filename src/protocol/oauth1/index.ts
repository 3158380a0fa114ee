// Pure OAuth 1.0a protocol helpers (RFC 5849, with MediaWiki's rules): no I/O, no
// framework; callers pass the request as plain data and the current time in.
export { OAuth1ProtocolError } from './errors';
export { percentDecode, percentEncode } from './percent-encoding';
export {
  buildAuthorizationHeader,
  hasOAuthScheme,
  oauthChallenge,
  parseAuthorizationHeader,
} from './authorization-header';
export { collectParameters, parseFormEncoded } from './parameters';
export type { CollectedParameters, OAuth1Request } from './parameters';
export { baseStringUri, normalizeParameters, signatureBaseString } from './base-string';
export { SIGNATURE_METHODS, sign, signatureKey, verifySignature } from './signature';
export type { SigningMethod, VerifySignatureInput } from './signature';
export { TIMESTAMP_WINDOW_SECONDS, checkNonceSyntax, checkTimestamp, checkVersion, requireParameters } from './checks';
export { appendToCallback, callbackTarget, checkCallback } from './callback';
