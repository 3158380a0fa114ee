import { hasUnsafeUrlCharacters } from '../../protocol/url-characters';
import type { FieldProblem, ValidationOutcome } from './problem';

/**
 * Checks a consumer's callback URL (OAuth 1) / redirect URI (OAuth 2) when it is proposed.
 * Follows MediaWiki `ConsumerValidator::validateCallbackUrl` (docs/consumers.md#validation): the scheme,
 * HTTPS, own-server and bare-domain checks form one chain that yields at most one finding,
 * as there. Credentials, fragments and script-like schemes are our own stricter checks, and so
 * is refusing (not merely warning about) a private-use scheme without a period.
 */

export interface CallbackInput {
  url: string;
  oauthVersion: 1 | 2;
  ownerOnly: boolean;
  isConfidential: boolean;
  isPrefix: boolean;
  /** This server's public origin, e.g. `https://wiki.example.org`; checked at boot. */
  serverOrigin?: string;
  /** Operator setting ALLOWED_CALLBACK_SCHEMES: private-use schemes allowed without a period. */
  allowedSchemes?: readonly string[];
}

export const MAX_CALLBACK_LENGTH = 2000;

const FIELD = 'callbackUrl';
/** Schemes that run code or read local files instead of delivering a redirect to an app. */
const DANGEROUS_SCHEMES = new Set(['javascript', 'data', 'file', 'vbscript']);

const MESSAGES = {
  'mwoauth-missing-field': `Missing value for "${FIELD}" field`,
  'mwoauth-invalid-field': `Invalid value provided for "${FIELD}" field`,
  'mwoauth-invalid-field-too-long': `The "${FIELD}" field must not be longer than ${MAX_CALLBACK_LENGTH} bytes`,
  'mwoauth-error-callback-url-custom-protocol-nonconfidential':
    'Callback URLs with a custom scheme are only allowed for public (non-confidential) OAuth 2 clients, ' +
    'such as native apps',
  'mwoauth-error-callback-url-custom-scheme-no-period':
    'Custom URI schemes must be in reverse domain name notation, with at least one period (e.g. "org.example.app"): ' +
    'a scheme without one may belong to another app or to an operating system handler. ' +
    'The site operator can allow such a scheme by listing it in ALLOWED_CALLBACK_SCHEMES.',
  'mwoauth-error-callback-url-must-be-https': 'Callback URLs must use the HTTPS scheme (plain http only for localhost)',
  'mwoauth-error-callback-server-url': 'The callback URL must point to a server you own',
  'mwoauth-error-callback-bare-domain-oauth1':
    'You have not selected the "use callback URL as prefix" option, so you must provide an exact URL. ' +
    'A bare domain is probably not what you want.',
  'mwoauth-error-callback-bare-domain-oauth2':
    'OAuth 2 apps must use an exact callback URL. A bare domain is probably not what you want.',
} as const;

type Finding = { severity: 'error' | 'warning'; problem: FieldProblem };

const problem = (key: keyof typeof MESSAGES): FieldProblem => ({ field: FIELD, key, message: MESSAGES[key] });
const invalidBecause = (details: string): FieldProblem => ({
  field: FIELD,
  key: 'mwoauth-invalid-field-with-details',
  message: `${MESSAGES['mwoauth-invalid-field']}: ${details}`,
});

export function validateCallbackUrl(input: CallbackInput): ValidationOutcome {
  const only = (p: FieldProblem): ValidationOutcome => ({ errors: [p], warnings: [] });
  // MediaWiki checks the length before the owner-only skip, so even an ignored value is bounded.
  if (Buffer.byteLength(input.url, 'utf8') > MAX_CALLBACK_LENGTH) {
    return only(problem('mwoauth-invalid-field-too-long'));
  }
  // Owner-only consumers never redirect: the server stores <PUBLIC_URL>/oauth1/verified instead.
  if (input.ownerOnly) return { errors: [], warnings: [] };
  if (input.url.trim() === '') return only(problem('mwoauth-missing-field'));
  const url = parseAbsolute(input.url);
  if (!url) return only(problem('mwoauth-invalid-field'));

  const outcome: ValidationOutcome = { errors: structuralErrors(input, url), warnings: [] };
  const finding = classify(input, url);
  if (finding) (finding.severity === 'error' ? outcome.errors : outcome.warnings).push(finding.problem);
  return outcome;
}

/**
 * Registered port 1 on a prefix callback matches any port (MWOAuthServer::checkCallback, §2.5:
 * "less secure, demo only"), so such a consumer is never auto-approved (§5.4).
 */
export function hasWildcardPort(url: string, isPrefix: boolean): boolean {
  return isPrefix && parseAbsolute(url)?.port === '1';
}

/**
 * Loopback names as `URL.hostname` spells them: `localhost` and `*.localhost` (RFC 6761 §6.3),
 * 127.0.0.0/8 (RFC 1122 §3.2.1.3) and `[::1]`. RFC 8252 §7.3/§8.3 allow plain HTTP to these.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

/** An absolute URI (RFC 6749 §3.1.2), spelled so that the stored string is what gets parsed. */
function parseAbsolute(raw: string): URL | undefined {
  // Spaces, C0/C1 controls, DEL, U+2028/2029 and `\`: WHATWG URL silently drops or rewrites them
  // (RFC 3986 §2 has none), and in a Location header they split the answer (docs/consumers.md).
  if (hasUnsafeUrlCharacters(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  // WHATWG reads "https:host" as "https://host/"; require the authority to be written out.
  if (isWeb(url) && !/^https?:\/\//i.test(raw)) return undefined;
  return url;
}

function structuralErrors(input: CallbackInput, url: URL): FieldProblem[] {
  const errors: FieldProblem[] = [];
  // T428324: "https://host:8000@evil.com" goes to evil.com. "https://@host" has an empty user
  // name that URL does not report, so look at the text too.
  const authority = /^[a-z][a-z\d+.-]*:\/\/([^/?#]*)/i.exec(input.url)?.[1] ?? '';
  if (url.username !== '' || url.password !== '' || authority.includes('@')) {
    errors.push(invalidBecause('it must not contain a user name or password'));
  }
  // RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component" (an empty "#" is one too).
  if (input.oauthVersion === 2 && input.url.includes('#')) {
    errors.push(invalidBecause('it must not contain a fragment (#)'));
  }
  return errors;
}

/** MediaWiki's if/elseif chain: custom scheme, else HTTPS, else own server, else bare domain. */
function classify(input: CallbackInput, url: URL): Finding | undefined {
  // OAuth 1 consumers always hold a secret, so they count as confidential.
  const confidential = input.oauthVersion === 1 || input.isConfidential;
  if (!isWeb(url)) return classifyCustomScheme(url.protocol.slice(0, -1), confidential, input.allowedSchemes ?? []);
  // RFC 6749 §3.1.2.1 / §10.5: codes and tokens must not travel in clear text. Stricter than
  // MediaWiki, which demanded this of OAuth 2 only: an OAuth 1.0a verifier sent over plain http
  // can be read on the way just the same (RFC 5849 §4.2).
  if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
    return { severity: 'error', problem: problem('mwoauth-error-callback-url-must-be-https') };
  }
  // Public clients are exempt: a gadget on this wiki may legitimately receive the redirect.
  if (confidential && input.serverOrigin !== undefined && url.host === new URL(input.serverOrigin).host) {
    return { severity: 'warning', problem: problem('mwoauth-error-callback-server-url') };
  }
  // A prefix callback (OAuth 1 only) is a deliberate bare domain: the app appends the rest.
  const bare = url.pathname === '/' && url.search === '' && url.hash === '';
  if (bare && (input.oauthVersion === 2 || !input.isPrefix)) {
    const key = `mwoauth-error-callback-bare-domain-oauth${input.oauthVersion}` as const;
    return { severity: 'warning', problem: problem(key) };
  }
  return undefined;
}

/** `scheme` comes from `URL.protocol`, which WHATWG URL always lower-cases ("MyApp:" reads as "myapp:"). */
function classifyCustomScheme(scheme: string, confidential: boolean, allowed: readonly string[]): Finding | undefined {
  // Checked first, so that no operator setting can allow these.
  if (DANGEROUS_SCHEMES.has(scheme)) {
    return { severity: 'error', problem: invalidBecause(`the "${scheme}:" scheme cannot receive a redirect`) };
  }
  // A custom scheme is handled by an app on the user's device, which cannot keep a secret (RFC 8252 §8.5).
  if (confidential) {
    return { severity: 'error', problem: problem('mwoauth-error-callback-url-custom-protocol-nonconfidential') };
  }
  // RFC 8252 §7.1 / T412542: a private-use scheme MUST be reverse-DNS ("org.example.app"). Stricter than
  // MediaWiki's warning: "ms-msdt:" or "search-ms:" would send the code to an operating system protocol
  // handler. The operator may still allow a scheme a known app has already shipped with.
  if (!scheme.includes('.') && !allowed.some((a) => a.toLowerCase() === scheme)) {
    return { severity: 'error', problem: problem('mwoauth-error-callback-url-custom-scheme-no-period') };
  }
  return undefined;
}

const isWeb = (url: URL): boolean => url.protocol === 'http:' || url.protocol === 'https:';
