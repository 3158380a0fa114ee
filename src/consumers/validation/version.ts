/**
 * Consumer (app) version strings, as MediaWiki treats them
 * (docs/mediawiki-compatibility.md#proposals): a version is valid when it is at most 32 bytes and
 * Composer's `VersionParser::normalize` (composer/semver 3.x) accepts it; a new proposal must be
 * newer by PHP's `version_compare` on the raw strings.
 */

export const MAX_VERSION_LENGTH = 32;

// PCRE's \s without /u is ASCII whitespace only; JS \s would also match Unicode spaces.
const WS = ' \\t\\n\\v\\f\\r';
const ALIAS = new RegExp(`^([^,${WS}]+) +as +[^,${WS}]+$`);
const STABILITY_FLAG = /@(?:stable|RC|beta|alpha|dev)$/i;
const BUILD_METADATA = new RegExp(`^([^,${WS}+]+)\\+[^${WS}]+$`);
// Composer's $modifierRegex. Its possessive `(?:[.-]?\d+)*+` becomes a lookahead plus a
// back-reference (JS has no possessive quantifiers): as a plain `*` it backtracks exponentially.
const MODIFIER =
  '[._-]?(?:(?<stability>stable|beta|b|RC|alpha|a|patch|pl|p)(?=(?<number>(?:[.-]?\\d+)*))\\k<number>)?' +
  '(?<dev>[.-]?dev)?';
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, 'i');
const DEV_SUFFIX = /^([\s\S]*?)[.-]?dev$/i;
const NUMERIC_BRANCH = /^v?(\d+)(\.(?:\d+|[x*]))?(\.(?:\d+|[x*]))?(\.(?:\d+|[x*]))?$/i;
const STABILITY_NAMES: Record<string, string> = { a: 'alpha', b: 'beta', p: 'patch', pl: 'patch', rc: 'RC' };

/** PHP `trim()`: only these six characters, not Unicode spaces. */
const phpTrim = (s: string): string => s.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');

/** `VersionParser::normalize`: e.g. "v1.0-beta" → "1.0.0.0-beta"; undefined where Composer throws. */
export function normalizeVersion(v: string): string | undefined {
  let version = phpTrim(v);
  version = ALIAS.exec(version)?.[1] ?? version;
  version = version.replace(STABILITY_FLAG, '');
  if (version === 'master' || version === 'trunk' || version === 'default') version = `dev-${version}`;
  // Any "dev-" name is a branch and valid as it stands (Composer: "dev-feature/foo").
  if (/^dev-/i.test(version)) return `dev-${version.slice(4)}`;
  version = BUILD_METADATA.exec(version)?.[1] ?? version;
  return normalizeNumbered(version) ?? normalizeNumericBranch(version);
}

/** MediaWiki's version field check (ConsumerValidator, ConsumerSubmitControl): length in bytes, then Composer. */
export function isValidVersion(v: string): boolean {
  return Buffer.byteLength(v, 'utf8') <= MAX_VERSION_LENGTH && normalizeVersion(v) !== undefined;
}

/**
 * PHP `version_compare(a, b)`, which MediaWiki runs on the raw strings for the version-bump rule.
 * Kept exact, quirks included: "1.0" < "1.0.0", "1.01" == "1.1", "v2" < "1.0" ("v" is not a number).
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  return phpVersionCompare(cString(a), cString(b));
}

function normalizeNumbered(version: string): string | undefined {
  let normal: string;
  let match = CLASSICAL.exec(version);
  if (match) normal = match[1] + (match[2] || '.0') + (match[3] || '.0') + (match[4] || '.0');
  else if ((match = DATE.exec(version))) normal = match[1].replace(/\D/g, '.');
  else return undefined;
  const { stability, number, dev } = match.groups ?? {};
  if (stability) {
    // Case-sensitive in Composer: "1.0-STABLE" becomes "1.0.0.0-stable".
    if (stability === 'stable') return normal;
    const name = stability.toLowerCase();
    normal += `-${STABILITY_NAMES[name] ?? name}${(number ?? '').replace(/^[.-]+/, '')}`;
  }
  return dev ? `${normal}-dev` : normal;
}

/** "1.x-dev", "2.0-dev": a numeric branch; a named one ("foo-dev") needs the "dev-" prefix. */
function normalizeNumericBranch(version: string): string | undefined {
  // PCRE searches unanchored and `.` stops at "\n", so only the last line can match.
  const match = DEV_SUFFIX.exec(version.slice(version.lastIndexOf('\n') + 1));
  const parts = match && NUMERIC_BRANCH.exec(phpTrim(match[1]));
  if (!parts) return undefined;
  const filled = [1, 2, 3, 4].map((i) => parts[i]?.replace(/[*X]/g, 'x') ?? '.x').join('');
  return `${filled.replace(/x/g, '9999999')}-dev`;
}

/** PHP hands C strings to version_compare: bytes, cut at the first NUL. */
function cString(s: string): string {
  const bytes = Buffer.from(s, 'utf8').toString('latin1');
  const nul = bytes.indexOf('\0');
  return nul < 0 ? bytes : bytes.slice(0, nul);
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlnum = (c: string): boolean => /^[0-9A-Za-z]$/.test(c);
const sign = (n: number | bigint): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** php_canonicalize_version: "-", "_", "+" and other non-alphanumerics become "."; a "." splits digits from letters. */
function canonicalize(v: string): string {
  let out = v[0];
  let last = v[0];
  for (const c of v.slice(1)) {
    const dot = out.endsWith('.') ? '' : '.';
    const notDigit = (x: string) => !isDigit(x) && x !== '.';
    if (c === '-' || c === '_' || c === '+') out += dot;
    else if ((notDigit(last) && isDigit(c)) || (isDigit(last) && notDigit(c))) out += dot + c;
    else if (!isAlnum(c)) out += dot;
    else out += c;
    last = c;
  }
  return out;
}

// compare_special_version_forms: first entry that is a prefix of the part; unknown words rank lowest.
const SPECIAL_FORMS: [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];
const formOrder = (part: string): number => SPECIAL_FORMS.find(([name]) => part.startsWith(name))?.[1] ?? -1;
const LONG_MAX = 2n ** 63n - 1n;
const strtol = (part: string): bigint => {
  const n = BigInt(/^\d+/.exec(part)?.[0] ?? '0');
  return n > LONG_MAX ? LONG_MAX : n;
};

function comparePart(p1: string, p2: string): -1 | 0 | 1 {
  if (isDigit(p1[0]) && isDigit(p2[0])) return sign(strtol(p1) - strtol(p2));
  // A number ranks as "#N#", i.e. between RC and pl.
  return sign(formOrder(isDigit(p1[0]) ? '#N#' : p1) - formOrder(isDigit(p2[0]) ? '#N#' : p2));
}

/** php_version_compare, statement for statement; `undefined` plays the C NULL of strchr. */
function phpVersionCompare(v1: string, v2: string): -1 | 0 | 1 {
  if (v1 === '' || v2 === '') return v1 === v2 ? 0 : v1 ? 1 : -1;
  const s1 = v1.startsWith('#') ? v1 : canonicalize(v1);
  const s2 = v2.startsWith('#') ? v2 : canonicalize(v2);
  const dotAfter = (s: string, from: number): number | undefined => {
    const at = s.indexOf('.', from);
    return at < 0 ? undefined : at;
  };
  let p1 = 0;
  let p2 = 0;
  let n1: number | undefined = 0;
  let n2: number | undefined = 0;
  let compare: -1 | 0 | 1 = 0;
  while (p1 < s1.length && p2 < s2.length && n1 !== undefined && n2 !== undefined) {
    [n1, n2] = [dotAfter(s1, p1), dotAfter(s2, p2)];
    compare = comparePart(s1.slice(p1, n1), s2.slice(p2, n2));
    if (compare !== 0) break;
    if (n1 !== undefined) p1 = n1 + 1;
    if (n2 !== undefined) p2 = n2 + 1;
  }
  if (compare !== 0) return compare;
  // One side has parts left: a number there makes it newer, a word is ranked against "#N#".
  if (n1 !== undefined) return isDigit(s1[p1]) ? 1 : phpVersionCompare(s1.slice(p1), '#N#');
  if (n2 !== undefined) return isDigit(s2[p2]) ? -1 : phpVersionCompare('#N#', s2.slice(p2));
  return 0;
}
