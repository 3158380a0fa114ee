import { toErrorText } from './www-authenticate';

/** At most this many characters of a client's value are repeated in an error description. */
export const MAX_SHOWN_LENGTH = 100;

/**
 * A value the client sent, repeated in an `error_description`: quoted, so its ends are visible;
 * whole when it fits, otherwise cut with a marker that says so (a silent cut read
 * "urn:…:grant-type:token-e" as if that were what was sent); and only in the characters
 * RFC 6749 §5.2 allows, so it is safe in a JSON body, a redirect and a `WWW-Authenticate` header.
 */
export function shownValue(value: string, max = MAX_SHOWN_LENGTH): string {
  if (value.length <= max) return `'${toErrorText(value)}'`;
  return `'${toErrorText(value.slice(0, max))}'... (${value.length} characters)`;
}

/** Several values (unknown scopes, say) as one bounded, space-separated value. */
export function shownValues(values: readonly string[], max = MAX_SHOWN_LENGTH): string {
  return shownValue(values.join(' '), max);
}
