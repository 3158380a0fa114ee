import type { FieldProblem } from './problem';

/** `ClientEntity::GRANT_TYPES`; the token endpoint supports no others (docs/mediawiki-compatibility.md#grant-types). */
export const OAUTH2_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
export type OAuth2GrantType = (typeof OAUTH2_GRANT_TYPES)[number];

const FIELD = 'oauth2GrantTypes';
const KNOWN: ReadonlySet<string> = new Set(OAUTH2_GRANT_TYPES);

/** MediaWiki's key for this field means exactly one thing: the list is empty. */
const EMPTY: FieldProblem = {
  field: FIELD,
  key: 'mwoauth-invalid-field-oauth2GrantTypes',
  message: 'OAuth 2 apps must specify at least one grant type',
};

/** Every other rule uses MediaWiki's generic `mwoauth-invalid-field` key with a precise message. */
function problem(message: string): FieldProblem {
  return { field: FIELD, key: 'mwoauth-invalid-field', message };
}

function list(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/**
 * The grant types an OAuth 2 consumer may use. MediaWiki only checks non-emptiness and the
 * known names (ConsumerValidator, `expandConsumerData`); the combination rules below close the
 * gaps described in docs/mediawiki-compatibility.md#grant-types. Returns one problem per broken rule, none
 * when valid.
 */
export function validateGrantTypes(
  types: readonly string[],
  opts: { ownerOnly: boolean; isConfidential: boolean },
): FieldProblem[] {
  if (!isArray(types) || types.length === 0) return [EMPTY];
  const problems: FieldProblem[] = [];
  const unknown = types.filter((type) => !KNOWN.has(type));
  if (unknown.length > 0) {
    problems.push(problem(`Unknown grant types: ${list(unknown)}. Known: ${list(OAUTH2_GRANT_TYPES)}`));
  }
  const repeated = types.filter((type, index) => types.indexOf(type) !== index);
  if (repeated.length > 0) problems.push(problem(`Grant types listed more than once: ${list([...new Set(repeated)])}`));
  // An owner-only app acts as its owner without a user dialog: it gets a token from its own
  // credentials and nothing else (MediaWiki's `getOwnerOnlyAccessToken`).
  if (opts.ownerOnly && (types.length !== 1 || types[0] !== 'client_credentials')) {
    problems.push(problem('Owner-only apps must use exactly the client_credentials grant type'));
  }
  // RFC 6749 §4.4: "The client credentials grant type MUST only be used by confidential clients";
  // a public client has no credentials to authenticate with.
  if (types.includes('client_credentials') && !opts.isConfidential) {
    problems.push(problem('The client_credentials grant type needs a confidential client'));
  }
  // RFC 6749 §1.5: a refresh token comes with an access token from another grant, and §4.4.3
  // says client_credentials SHOULD NOT issue one; alone, refresh_token could never be used.
  if (types.includes('refresh_token') && !types.includes('authorization_code')) {
    problems.push(problem('The refresh_token grant type needs authorization_code as well'));
  }
  return problems;
}

/** The body may hold anything; `Array.isArray` on a typed array would narrow it to `any[]`. */
function isArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}
