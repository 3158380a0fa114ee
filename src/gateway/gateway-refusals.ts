import { AccessDenied } from '../access/access-denied';
import { Reason } from '../access/reasons';
import { AppError } from '../common/errors/app-error';
import { AuthRefusal } from '../common/errors/auth-refusal';
import { ProtocolRequest } from '../common/http/protocol-request';
import { mayCarryParameters } from '../protocol/api-actions';
import type { AuthorizationCredentials } from '../protocol/authorization-scheme';
import { GatewayRequestError } from '../protocol/gateway-headers';
import { oauthChallenge } from '../protocol/oauth1/authorization-header';
import { buildWwwAuthenticate } from '../protocol/oauth2/www-authenticate';

/** The gateway's answer for each reason code (docs/security.md "Reason codes"): MediaWiki's keys. */
const FORBIDDEN: Partial<Record<Reason, string>> = {
  wrong_wiki: 'mwoauth-invalid-authorization-wrong-wiki',
  user_blocked: 'mwoauth-invalid-authorization-blocked-user',
  user_locked: 'mwoauth-invalid-authorization-blocked-user',
  consumer_not_approved: 'mwoauth-invalid-authorization-not-approved',
  consumer_owner_only: 'mwoauth-invalid-authorization-not-approved',
  ip_not_allowed: 'mwoauthdatastore-bad-source-ip',
  action_disabled: 'mwoauth-api-module-disabled',
  right_missing: 'mwoauth-insufficient-rights',
  grant_missing: 'mwoauth-insufficient-rights',
  identity_only: 'mwoauth-insufficient-rights',
  no_user: 'mwoauth-insufficient-rights',
};

/**
 * 403 when a valid credential may not be used here; otherwise 401 `mwoauth-invalid-authorization`
 * with a challenge for the scheme the request used (both when it used neither).
 */
export function gatewayRefusal(
  denied: AccessDenied,
  realm: string,
  scheme: AuthorizationCredentials['scheme'] = 'none',
): AuthRefusal {
  const key = FORBIDDEN[denied.reason];
  // The cause carries the reason code to the request's log line (docs/operations.md#logs).
  if (key !== undefined) return new AuthRefusal(403, key, denied.message, undefined, { cause: denied });
  return new AuthRefusal(
    401,
    'mwoauth-invalid-authorization',
    `The authorization headers in your request are not valid: ${denied.message}`,
    challengeFor(scheme, realm),
    { cause: denied },
  );
}

/** RFC 9110 §11.6.1: one header may carry several challenges, separated by commas. */
function challengeFor(scheme: AuthorizationCredentials['scheme'], realm: string): string {
  if (scheme === 'OAuth') return oauthChallenge(realm);
  if (scheme === 'Bearer') return buildWwwAuthenticate({ realm, error: 'invalid_token' });
  // RFC 6750 §3.1: no error code for a request that carried no credentials.
  return `${buildWwwAuthenticate({ realm })}, ${oauthChallenge(realm)}`;
}

/** A description the gateway got wrong (docs/gateway.md "Refusals"), in the admin API's `{ error, message }` shape. */
export function descriptionRefusal(error: GatewayRequestError): AppError {
  return new AppError(error.status, error.code, error.message);
}

/**
 * With DISABLED_API_ACTIONS set, a body must be shown to be checked (docs/gateway.md "Bodies"):
 * auth_request and forward_auth never send it, so such requests are refused rather than let through.
 */
export function assertBodyShown(
  request: ProtocolRequest,
  contentEncoding: string | undefined,
  disabled: readonly string[],
): void {
  if (disabled.length === 0) return;
  if (request.rawBody === undefined && mayCarryParameters(request.method)) {
    throw new AppError(
      403,
      'gateway_body_unseen',
      `A ${request.method} request may carry API parameters in its body, ` +
        'and DISABLED_API_ACTIONS is set: send it to POST /auth/verify with its body (docs/gateway.md).',
    );
  }
  const encoding = contentEncoding?.trim().toLowerCase();
  if (request.rawBody && encoding && encoding !== 'identity') {
    throw new AppError(
      403,
      'gateway_body_unreadable',
      'A content-encoded body cannot be checked for DISABLED_API_ACTIONS:' + ' send it decoded.',
    );
  }
}
