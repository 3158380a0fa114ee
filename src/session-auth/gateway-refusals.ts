import { AccessDenied } from '../access/access-denied';
import { Reason } from '../access/reasons';
import { AuthRefusal } from '../common/errors/auth-refusal';

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
export function gatewayRefusal(denied: AccessDenied, realm: string, scheme?: 'OAuth' | 'Bearer'): AuthRefusal {
  const key = FORBIDDEN[denied.reason];
  if (key !== undefined) return new AuthRefusal(403, key, denied.message);
  const challenge = scheme === 'OAuth' ? `OAuth realm="${realm}"` : scheme === 'Bearer' ? `Bearer realm="${realm}", error="invalid_token"` : `Bearer realm="${realm}", OAuth realm="${realm}"`;
  return new AuthRefusal(401, 'mwoauth-invalid-authorization', `The authorization headers in your request are not valid: ${denied.message}`, challenge);
}
