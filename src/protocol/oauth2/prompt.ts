import { OAuth2ProtocolError } from './errors';
import { shownValue } from './shown-value';

/**
 * The `prompt` values this server acts on (OpenID Connect Core §3.1.2.1). `select_account` is
 * served by the login page, where the user may sign in as anyone: a session holds one account.
 */
export const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account'] as const;
export type PromptValue = (typeof PROMPT_VALUES)[number];

/** What the client asked about the user's login and consent. */
export interface AuthenticationRequest {
  readonly prompt: ReadonlySet<PromptValue>;
  /** `max_age`: the most seconds since the user last logged in. */
  readonly maxAge?: number;
}

/** Ten digits are over 300 years: anything longer is not a duration. */
const MAX_AGE = /^\d{1,10}$/;

const isPromptValue = (value: string): value is PromptValue => (PROMPT_VALUES as readonly string[]).includes(value);

/** `prompt` and `max_age` as sent (absent or empty: nothing asked); anything else is `invalid_request`. */
export function parseAuthenticationRequest(
  prompt: string | undefined,
  maxAge: string | undefined,
): AuthenticationRequest {
  const values = new Set<PromptValue>();
  for (const value of (prompt ?? '').split(' ')) {
    if (value === '') continue;
    if (!isPromptValue(value))
      throw OAuth2ProtocolError.invalidRequest(`Unsupported prompt value ${shownValue(value)}.`);
    values.add(value);
  }
  // §3.1.2.1: "If this parameter contains none with any other value, an error is returned."
  if (values.has('none') && values.size > 1) {
    throw OAuth2ProtocolError.invalidRequest('prompt=none cannot be combined with any other value.');
  }
  if (maxAge === undefined || maxAge === '') return { prompt: values };
  if (!MAX_AGE.test(maxAge)) throw OAuth2ProtocolError.invalidRequest('max_age must be a whole number of seconds.');
  return { prompt: values, maxAge: Number(maxAge) };
}

/**
 * Whether the user must log in (again) before this request goes on: `prompt=login` or
 * `select_account`, or a login older than `max_age` (§3.1.2.1; `max_age=0` is like
 * `prompt=login`). `authTime` and `now` are in seconds.
 */
export function mustLogIn(request: AuthenticationRequest, authTime: number | undefined, now: number): boolean {
  if (request.prompt.has('login') || request.prompt.has('select_account')) return true;
  if (request.maxAge === undefined) return false;
  return authTime === undefined || now - authTime > request.maxAge || request.maxAge === 0;
}

/**
 * The authorization request to come back to once the user has logged in again: without what
 * asked for that login (`prompt=login`, `select_account`, `max_age`), which the fresh login
 * has answered; asking again would send the user round in a loop. Every other parameter stays.
 * `url` is a path with its query, as the request line carried it; it is returned as is when
 * there is nothing to drop.
 */
export function withoutLoginRequest(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const params = new URLSearchParams(url.slice(mark + 1));
  if (!params.has('max_age') && !params.has('prompt')) return url;
  const rest = (params.get('prompt') ?? '')
    .split(' ')
    .filter((v) => v !== '' && v !== 'login' && v !== 'select_account');
  params.delete('max_age');
  params.delete('prompt');
  if (rest.length > 0) params.set('prompt', rest.join(' '));
  const query = params.toString().replace(/\+/g, '%20');
  return query === '' ? url.slice(0, mark) : `${url.slice(0, mark)}?${query}`;
}
