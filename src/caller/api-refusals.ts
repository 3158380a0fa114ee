import { AccessDenied } from '../access/access-denied';
import { Reason } from '../access/reasons';
import { AppError } from '../common/errors/app-error';
import { buildWwwAuthenticate } from '../protocol/oauth2/index';

/** Refusals about what the token may do, not whether it is good: 403 (RFC 6750 §3.1 insufficient_scope). */
const SCOPE: ReadonlySet<Reason> = new Set(['grant_missing', 'identity_only']);

/**
 * The admin API's answer for each reason code (docs/security.md "Reason codes"), as its JSON
 * error: a bad or unusable Bearer token is a 401 `invalid_token` with its challenge (RFC 6750
 * §3), a token whose grants do not reach the route a 403 `insufficient_scope`, a missing right
 * a 403 `forbidden`.
 */
export function apiRefusal(denied: AccessDenied, realm: string): AppError {
  // The cause carries the reason code to the request's log line (docs/operations.md#logs).
  if (denied.reason === 'right_missing')
    return new AppError(403, 'forbidden', denied.message, undefined, { cause: denied });
  if (denied.reason === 'no_user')
    return new AppError(401, 'unauthorized', 'This token acts for no user: the admin API needs one.', undefined, {
      cause: denied,
    });
  const scope = SCOPE.has(denied.reason);
  const error = scope ? 'insufficient_scope' : 'invalid_token';
  const challenge = buildWwwAuthenticate({ realm, error, description: denied.message });
  return new AppError(scope ? 403 : 401, error, denied.message, undefined, {
    headers: { 'WWW-Authenticate': challenge },
    cause: denied,
  });
}
