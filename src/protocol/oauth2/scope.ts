import { OAuth2ProtocolError } from './errors';

/**
 * The `scope` parameter, RFC 6749 §3.3:
 *   scope       = scope-token *( SP scope-token )
 *   scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
 * i.e. printable ASCII except space, `"` and `\`. Tokens are case-sensitive.
 */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Returns `undefined` when the parameter is absent or empty: RFC 6749 §3.1 "Parameters sent
 * without a value MUST be treated as if they were omitted", so `scope=` gets the default scope
 * (§3.3), exactly as no `scope` does. A value made only of spaces names no scope: `[]`.
 *
 * Runs of spaces and leading/trailing spaces are tolerated (league trims and drops empty
 * entries too); any other whitespace or forbidden character is `invalid_scope`. Duplicates are
 * dropped, the first occurrence keeps its place: the order is what the consent screen shows.
 */
export function parseScope(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  const scopes: string[] = [];
  for (const token of value.split(' ')) {
    if (token === '') continue;
    // The token is not echoed: it is attacker-chosen text on a page we render.
    if (!SCOPE_TOKEN.test(token))
      throw OAuth2ProtocolError.invalidScope(
        'The scope parameter contains a character that RFC 6749 section 3.3 does not allow.',
      );
    if (!scopes.includes(token)) scopes.push(token);
  }
  return scopes;
}

/** RFC 6749 §3.3 / §5.1: the space-delimited form used in token responses and redirects. */
export function formatScope(scopes: readonly string[]): string {
  return [...new Set(scopes)].join(' ');
}

/** OpenID Connect Core §3.1.2.1: the scope that makes an OAuth 2 request an OpenID Connect one. */
export const OPENID_SCOPE = 'openid';

/**
 * The grants among `scopes`: every scope but `openid`, which OpenID Connect Core §3.1.2.1
 * defines as asking for an ID token (authentication), not for access to anything; it carries no
 * rights and no authorization grants it. Order is kept.
 */
export function grantsOf(scopes: readonly string[]): string[] {
  return scopes.filter((s) => s !== OPENID_SCOPE);
}

/**
 * The scopes of a grant that its authorization still covers: a user who narrows an authorization
 * narrows what was issued under it
 * (docs/mediawiki-compatibility.md#rights). `openid` is not a grant (see grantsOf) and always stays.
 */
export function narrowScopes(scopes: readonly string[], grants: readonly string[]): string[] {
  return scopes.filter((s) => s === OPENID_SCOPE || grants.includes(s));
}
