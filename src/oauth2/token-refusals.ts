import { Reason } from '../access/reasons';
import { basicChallenge, OAuth2ProtocolError } from '../protocol/oauth2';

/**
 * The token endpoint's answer for each reason code (docs/security.md "Reason codes"), RFC 6749
 * §5.2: the client itself is `invalid_client`, a grant type it was not registered for
 * `unauthorized_client`, and what stood behind the grant (authorization, user, approval)
 * `invalid_grant`. `clientCredentials`: the client asks for itself (RFC 6749 §4.4), so an unusable client is the error.
 */
export function tokenRefusal(
  refused: { reason: Reason; detail: string },
  options: { clientCredentials?: boolean; realm?: string } = {},
): OAuth2ProtocolError {
  switch (refused.reason) {
    case 'consumer_unknown':
    case 'consumer_wrong_version':
      return OAuth2ProtocolError.invalidClient(
        'Client authentication failed.',
        options.realm ? basicChallenge(options.realm) : undefined,
      );
    case 'grant_type_not_allowed':
      return OAuth2ProtocolError.unauthorizedClient(refused.detail);
    case 'ip_not_allowed':
      return OAuth2ProtocolError.accessDenied('Requests from this IP address are not allowed for this client.');
    case 'authorization_missing':
      return OAuth2ProtocolError.invalidGrant('The authorization behind this grant was revoked.');
    case 'user_blocked':
    case 'user_locked':
      return OAuth2ProtocolError.invalidGrant('The user may not use applications now.');
    case 'consumer_not_approved':
    case 'consumer_owner_only':
      return options.clientCredentials
        ? OAuth2ProtocolError.unauthorizedClient('This client is not approved for use.')
        : OAuth2ProtocolError.invalidGrant('This client is not approved for use.');
    default:
      return OAuth2ProtocolError.invalidGrant(refused.detail);
  }
}
