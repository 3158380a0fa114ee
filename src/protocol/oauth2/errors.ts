import { buildWwwAuthenticate, toErrorText } from './www-authenticate';

type Headers = Record<string, string>;

/**
 * An OAuth 2.0 protocol error, thrown (never returned) and written by the one exception filter
 * as `{ error, error_description }` (RFC 6749 §5.2), as an error redirect (§4.1.2.1) or as a
 * `WWW-Authenticate` challenge (RFC 6750 §3.1).
 *
 * `description` is shown to the client: callers must never put a secret, token, code or
 * verifier in it. Characters RFC 6749 §5.2 forbids in `error_description` are replaced here,
 * so every rendering is valid. `cause` is for logs only.
 */
export class OAuth2ProtocolError extends Error {
  readonly description: string;

  constructor(
    readonly error: string,
    description: string,
    readonly status: number = 400,
    readonly headers: Headers = {},
    options?: { cause?: unknown },
  ) {
    super(toErrorText(description), options);
    this.name = 'OAuth2ProtocolError';
    this.description = this.message;
  }

  // RFC 6749 §5.2 (token endpoint) and §4.1.2.1 (authorization endpoint).
  static invalidRequest(description: string, headers?: Headers): OAuth2ProtocolError {
    return new OAuth2ProtocolError('invalid_request', description, 400, headers);
  }
  /**
   * 401 (RFC 6749 §5.2). Pass `basicChallenge(realm)` as `challenge` when the client used the
   * Authorization header: the response MUST then carry a matching `WWW-Authenticate`.
   */
  static invalidClient(description: string, challenge?: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError(
      'invalid_client',
      description,
      401,
      challenge ? { 'WWW-Authenticate': challenge } : {},
    );
  }
  static invalidGrant(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('invalid_grant', description);
  }
  static unauthorizedClient(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('unauthorized_client', description);
  }
  static unsupportedGrantType(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('unsupported_grant_type', description);
  }
  static invalidScope(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('invalid_scope', description);
  }
  /**
   * §4.1.2.1 defines no status (it is a redirect). When it has to be rendered instead, 403 says
   * "understood, refused"; league uses 401, which would require a challenge (RFC 9110 §15.5.2).
   */
  static accessDenied(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('access_denied', description, 403);
  }
  static unsupportedResponseType(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('unsupported_response_type', description);
  }
  static temporarilyUnavailable(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('temporarily_unavailable', description, 503);
  }

  // OpenID Connect Core §3.1.2.6: answers to `prompt=none`, sent back to the client as a redirect.
  static loginRequired(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('login_required', description);
  }
  static consentRequired(description: string): OAuth2ProtocolError {
    return new OAuth2ProtocolError('consent_required', description);
  }

  // RFC 6750 §3.1 (resource server). Both carry the Bearer challenge the RFC asks for.
  static invalidToken(description: string, realm?: string): OAuth2ProtocolError {
    const challenge = buildWwwAuthenticate({ realm, error: 'invalid_token', description });
    return new OAuth2ProtocolError('invalid_token', description, 401, { 'WWW-Authenticate': challenge });
  }
  /** `scope` names the scope(s) the resource needs (RFC 6750 §3). */
  static insufficientScope(description: string, scope?: string, realm?: string): OAuth2ProtocolError {
    const challenge = buildWwwAuthenticate({ realm, scope, error: 'insufficient_scope', description });
    return new OAuth2ProtocolError('insufficient_scope', description, 403, { 'WWW-Authenticate': challenge });
  }
}
