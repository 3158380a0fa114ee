/**
 * Text that goes into OAuth error responses and `WWW-Authenticate` challenges.
 *
 * Lives apart from `bearer.ts` so that `errors.ts` can attach challenges to its 401/403
 * errors without an import cycle; `bearer.ts` re-exports `buildWwwAuthenticate`.
 */

/**
 * RFC 6749 §5.2 / §4.1.2.1 and RFC 6750 §3: `error` and `error_description` "MUST NOT include
 * characters outside the set %x20-21 / %x23-5B / %x5D-7E" (printable ASCII minus `"` and `\`).
 * Replacing, not rejecting, keeps an error response possible whatever the caller wrote; it also
 * stops CR/LF from reaching a header.
 */
export function toErrorText(value: string): string {
  return value.replace(/[^\x20-\x7e]|["\\]/g, (c) => (c === '"' ? "'" : c === '\\' ? '/' : '?'));
}

/** RFC 6750 §3 `scope`: tokens of %x21 / %x23-5B / %x5D-7E separated by single spaces. */
function toScopeText(value: string): string {
  return value
    .split(' ')
    .map((t) => t.replace(/[^\x21-\x7e]|["\\]/g, ''))
    .filter(Boolean)
    .join(' ');
}

/** RFC 9110 §5.6.4 quoted-string: backslash-escape `"` and `\`; control characters cannot be quoted. */
function quote(value: string): string {
  return `"${value.replace(/[\x00-\x1f\x7f]/g, '').replace(/["\\]/g, '\\$&')}"`;
}

export interface BearerChallenge {
  realm?: string;
  /** Leave out when the request carried no credentials (RFC 6750 §3.1). */
  error?: string;
  description?: string;
  scope?: string;
}

/**
 * RFC 6750 §3: `Bearer realm="example", error="invalid_token", error_description="..."`.
 * `error_description` is only written together with `error`: RFC 6750 §3.1 says a request
 * without any authentication information SHOULD get no error code or other error information.
 */
export function buildWwwAuthenticate(input: BearerChallenge): string {
  const params: string[] = [];
  if (input.realm !== undefined) params.push(`realm=${quote(input.realm)}`);
  if (input.scope !== undefined) params.push(`scope="${toScopeText(input.scope)}"`);
  if (input.error !== undefined) {
    params.push(`error="${toErrorText(input.error)}"`);
    if (input.description !== undefined) params.push(`error_description="${toErrorText(input.description)}"`);
  }
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`;
}

/**
 * RFC 6749 §5.2: a client that authenticated with the Authorization header gets a 401 whose
 * `WWW-Authenticate` matches its scheme. RFC 7617 §2 makes `realm` REQUIRED in a Basic challenge.
 */
export function basicChallenge(realm: string): string {
  return `Basic realm=${quote(realm)}`;
}
