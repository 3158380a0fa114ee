/**
 * `$wgOAuthAutoApprove` (`Workflow::consumerCanBeAutoApproved`, docs/mediawiki-compatibility.md#proposals): low-risk
 * consumers skip the OAuth admin's review and go straight to "approved". The configuration is
 * a list of conditions; a consumer qualifies when every rule of at least one condition holds.
 */

export interface AutoApproveCondition {
  grants?: string[];
  protocols?: string[];
  [rule: string]: unknown;
}

export interface AutoApproveConsumer {
  grants: readonly string[];
  callbackUrl: string;
  callbackIsPrefix: boolean;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

type Rule = (value: unknown, consumer: AutoApproveConsumer) => boolean;

/** A Map, not an object literal, so that a rule named "constructor" is simply unknown. */
const RULES = new Map<string, Rule>([
  // Every grant the consumer asks for is in the list (MediaWiki: array_diff(...) === []).
  ['grants', (allowed, consumer) => Array.isArray(allowed) && consumer.grants.every((g) => allowed.includes(g))],
  // The callback scheme, without ':', is in the list. WHATWG URL lower-cases the scheme.
  [
    'protocols',
    (allowed, consumer) => {
      const scheme = parseUrl(consumer.callbackUrl)?.protocol.slice(0, -1);
      return Array.isArray(allowed) && scheme !== undefined && allowed.some((p) => String(p).toLowerCase() === scheme);
    },
  ],
]);

/**
 * Registered port 1 with callbackIsPrefix means "any port" (MediaWiki: "less secure, demo
 * only"), so a human must look at it. A prefix callback we cannot parse is treated the same.
 */
function hasWildcardPort(consumer: AutoApproveConsumer): boolean {
  if (!consumer.callbackIsPrefix) return false;
  const url = parseUrl(consumer.callbackUrl);
  return url === null || url.port === '1';
}

/**
 * An unknown rule fails its condition, as in MediaWiki, so a rule this code does not know can
 * only make approval rarer. A condition with no rules at all fails too: MediaWiki would approve
 * every consumer for `[[]]`, which is too large a bypass of review to allow by accident.
 */
function conditionHolds(condition: AutoApproveCondition, consumer: AutoApproveConsumer): boolean {
  const rules = Object.keys(condition);
  if (rules.length === 0) return false;
  return rules.every((name) => RULES.get(name)?.(condition[name], consumer) ?? false);
}

export function canAutoApprove(consumer: AutoApproveConsumer, conditions: readonly AutoApproveCondition[]): boolean {
  if (hasWildcardPort(consumer)) return false;
  return conditions.some((condition) => conditionHolds(condition, consumer));
}

/** RFC 3986 §3.1 scheme syntax; the list holds "https", never "https:" or "https://". */
const SCHEME = /^[a-z][a-z0-9+.-]*$/;

function readStrings(value: unknown, where: string, pattern?: RegExp): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new Error(`${where} must be an array of non-empty strings`);
  }
  const items = value as string[];
  const bad = pattern ? items.find((item) => !pattern.test(item.toLowerCase())) : undefined;
  if (bad !== undefined) throw new Error(`${where} has ${JSON.stringify(bad)}; write a bare scheme such as "https"`);
  return pattern ? items.map((item) => item.toLowerCase()) : [...items];
}

function readCondition(value: unknown, where: string): AutoApproveCondition {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where} must be an object such as {"grants":["basic"]}`);
  }
  const keys = Object.keys(value);
  // Refused here rather than silently never matching: a typo ("grant") would otherwise
  // turn auto-approval off without anyone noticing.
  const unknown = keys.find((key) => !RULES.has(key));
  if (unknown !== undefined) {
    throw new Error(
      `${where} has an unknown rule ${JSON.stringify(unknown)}; known rules: ${[...RULES.keys()].join(', ')}`,
    );
  }
  if (keys.length === 0) throw new Error(`${where} has no rules; it would approve every consumer`);
  const record = value as Record<string, unknown>;
  const condition: AutoApproveCondition = {};
  if ('grants' in record) condition.grants = readStrings(record.grants, `${where}.grants`);
  if ('protocols' in record) condition.protocols = readStrings(record.protocols, `${where}.protocols`, SCHEME);
  return condition;
}

/**
 * Reads AUTO_APPROVE (a JSON string, or the value already parsed). Unset or blank means no
 * auto-approval, MediaWiki's default `[]`. Throws an Error naming the offending entry.
 */
export function parseAutoApproveConfig(raw: unknown): AutoApproveCondition[] {
  let value = raw;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return [];
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      throw new Error(`AUTO_APPROVE is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!Array.isArray(value))
    throw new Error('AUTO_APPROVE must be a JSON array of conditions, e.g. [{"grants":["basic"]}]');
  return value.map((condition, index) => readCondition(condition, `AUTO_APPROVE[${index}]`));
}
