/**
 * Why the access policy refuses (docs/security.md, "Reason codes"): one closed list. Each
 * transport maps a code to its own error: an OAuth 1.0a E-code, an RFC 6749/6750 error, the
 * gateway's 401/403, the admin API's JSON error, or a page.
 */
export const REASONS = [
  /** The credential itself is bad: not signed by us, expired, revoked, or unknown. */
  'credential_invalid',
  /** No such consumer, or a suppressed one (it does not exist for anyone using it). */
  'consumer_unknown',
  /** An OAuth 1.0a consumer at an OAuth 2 entry point, or the other way round. */
  'consumer_wrong_version',
  /** Owner-only consumers act for their owner alone and have no three-legged flow. */
  'consumer_owner_only',
  /** Proposed (for anyone but its owner), rejected, expired or disabled. */
  'consumer_not_approved',
  /** An OAuth 2 grant type this client was not registered for. */
  'grant_type_not_allowed',
  /** The caller's address is outside the consumer's IP allow-list. */
  'ip_not_allowed',
  /** The authorization behind the credential was revoked, or is another consumer's or user's. */
  'authorization_missing',
  /** The authorization or the consumer is for another target API (wiki). */
  'wrong_wiki',
  /** Someone must log in first. */
  'login_required',
  'user_locked',
  'user_blocked',
  /** A credential that acts for no user (client credentials) where a user is needed. */
  'no_user',
  /** An identity-only credential (mwoauth-authonly, -authonlyprivate) outside the identity endpoints. */
  'identity_only',
  /** The credential's grants do not include one the use needs. */
  'grant_missing',
  /** The effective rights (the user's, within the grants) lack one the use needs. */
  'right_missing',
  /** An API action the operator disabled for OAuth (DISABLED_API_ACTIONS). */
  'action_disabled',
  /** A reviewer deciding on their own proposal (four eyes; ALLOW_SELF_REVIEW lifts it). */
  'self_review',
] as const;

export type Reason = (typeof REASONS)[number];
