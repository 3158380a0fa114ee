/** OAuth 2.0 protocol helpers: pure functions, no framework, no storage, no I/O. */
export { OAuth2ProtocolError } from './errors';
export {
  isValidCodeVerifier,
  isValidCodeChallenge,
  s256Challenge,
  verifyPkce,
  parseChallengeMethod,
  type CodeChallengeMethod,
} from './pkce';
export { parseScope, formatScope, grantsOf, narrowScopes, OPENID_SCOPE } from './scope';
export { redirectUriMatches, appendQuery } from './redirect-uri';
export {
  extractBearerToken,
  bearerFromHeader,
  parseBearerHeader,
  buildWwwAuthenticate,
  type BearerRequest,
  type BearerChallenge,
} from './bearer';
export { basicChallenge, toErrorText } from './www-authenticate';
export { shownValue, shownValues, MAX_SHOWN_LENGTH } from './shown-value';
export { parseClientSecretBasic, CLIENT_AUTH_REALM, type ClientCredentials } from './client-auth';
export {
  parseAuthenticationRequest,
  mustLogIn,
  withoutLoginRequest,
  PROMPT_VALUES,
  type AuthenticationRequest,
  type PromptValue,
} from './prompt';
