import { AccessDenied } from '../access/access-denied';
import { OAuth2ProtocolError } from '../protocol/oauth2';

/**
 * OAuth 2 protected resources' answer for each reason code (docs/security.md "Reason codes"),
 * RFC 6750 §3.1: a token that may not be used at all is `invalid_token` (401, with its
 * challenge); one whose grants or rights fall short, `insufficient_scope` (403).
 */
export function resourceRefusal(denied: AccessDenied, realm: string): OAuth2ProtocolError {
  switch (denied.reason) {
    case 'no_user':
      return OAuth2ProtocolError.accessDenied('This token acts for no user.');
    case 'right_missing':
    case 'grant_missing':
    case 'identity_only':
      return OAuth2ProtocolError.insufficientScope(denied.message, undefined, realm);
    default:
      return OAuth2ProtocolError.invalidToken(denied.message, realm);
  }
}
