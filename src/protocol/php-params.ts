/**
 * Request parameters as PHP reads them, and so as MediaWiki's action API sees them
 * (docs/mediawiki-compatibility.md#gateway, docs/gateway.md "Parameter names"). PHP's own
 * parsing (main/php_variables.c: php_default_treat_data for the query, add_post_var for a form
 * body, php_register_variable_ex for the names) differs from WHATWG's URLSearchParams in ways that
 * matter to a gateway: `%20action`, `+action`, `action%00x` and `action.` all name something else
 * to URLSearchParams, but PHP registers the first three as `action`. Strings here are decoded text:
 * percent-decoded bytes are read as UTF-8 (names that matter are ASCII, so nothing is lost).
 * `max_input_vars` is not applied: a checker that sees more pairs than PHP is only stricter.
 */

export type PhpValue = string | PhpArray;
/** A PHP array: ordered, keys as strings. */
export type PhpArray = Map<string, PhpValue>;

/** One pair after PHP's name rules: the variable, its array indexes (null for `[]`) and its value. */
export interface PhpPair {
  readonly name: string;
  readonly indexes: readonly (string | null)[];
  readonly value: string;
  /** Deeper than max_input_nesting_level: PHP unsets the whole variable instead. */
  readonly unsets?: true;
}

/** php.ini's max_input_nesting_level (default 64). */
const MAX_NESTING = 64;

/** php_url_decode: `+` is a space, `%XX` (two hex digits) a byte, anything else itself. */
export function phpUrlDecode(text: string): string {
  if (!/[%+]/.test(text)) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '+') bytes.push(0x20);
    else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * php_register_variable_ex's reading of a decoded name: cut at NUL (a C string), leading spaces
 * dropped, then spaces and dots become `_` up to the first `[`; `[…]` groups are array indexes. A
 * `[` that is never closed is not an index: it becomes `_`, and so do the spaces, dots and `[`
 * after it (PHP 8). An empty name registers nothing (null).
 */
export function phpVariable(decodedName: string): Omit<PhpPair, 'value'> | null {
  const nul = decodedName.indexOf('\0');
  const raw = (nul === -1 ? decodedName : decodedName.slice(0, nul)).replace(/^ +/, '');
  const bracket = raw.indexOf('[');
  const name = (bracket === -1 ? raw : raw.slice(0, bracket)).replace(/[ .]/g, '_');
  if (name === '') return null;
  if (bracket === -1) return { name, indexes: [] };
  const indexes: (string | null)[] = [];
  let rest = raw.slice(bracket);
  while (rest.startsWith('[')) {
    if (indexes.length === MAX_NESTING) return { name, indexes: [], unsets: true };
    const close = rest.indexOf(']');
    if (close === -1) {
      // Unclosed at the first level: part of the name. Deeper: ignored, as is anything after a `]`.
      if (indexes.length === 0) return { name: `${name}_${rest.slice(1).replace(/[ .[]/g, '_')}`, indexes: [] };
      break;
    }
    indexes.push(close === 1 ? null : rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  return { name, indexes };
}

function pair(rawName: string, rawValue: string): PhpPair | null {
  const variable = phpVariable(phpUrlDecode(rawName));
  return variable && { ...variable, value: phpUrlDecode(rawValue) };
}

function split(piece: string): PhpPair | null {
  const eq = piece.indexOf('=');
  return eq === -1 ? pair(piece, '') : pair(piece.slice(0, eq), piece.slice(eq + 1));
}

/**
 * The query string as php_default_treat_data reads it into $_GET: a C string (cut at a raw NUL),
 * split on any character of arg_separator.input (`&` by default; empty pieces skipped), each
 * piece at its first `=`.
 */
export function phpQueryPairs(query: string, separators = '&'): PhpPair[] {
  const nul = query.indexOf('\0');
  const text = nul === -1 ? query : query.slice(0, nul);
  const pattern = new RegExp(`[${separators.replace(/[\\\]^-]/g, '\\$&')}]`);
  return text
    .split(pattern)
    .filter((p) => p !== '')
    .map(split)
    .filter((p): p is PhpPair => p !== null);
}

/**
 * An application/x-www-form-urlencoded body as add_post_var reads it into $_POST: split on `&`
 * only, values binary-safe.
 */
export function phpFormPairs(body: string): PhpPair[] {
  return body
    .split('&')
    .filter((p) => p !== '')
    .map(split)
    .filter((p): p is PhpPair => p !== null);
}

/** PHP's next index for `[]`: one past the largest integer key (negative ones too), 0 for none. */
function nextIndex(array: PhpArray): string {
  let max: number | undefined;
  for (const key of array.keys()) if (/^(0|-?[1-9]\d{0,15})$/.test(key)) max = Math.max(max ?? -Infinity, Number(key));
  return String(max === undefined ? 0 : max + 1);
}

function register(target: PhpArray, p: PhpPair): void {
  if (p.unsets) {
    target.delete(p.name);
    return;
  }
  let table = target;
  let key = p.name;
  for (const index of p.indexes) {
    let inner = table.get(key);
    if (!(inner instanceof Map)) {
      inner = new Map<string, PhpValue>();
      table.set(key, inner);
    }
    table = inner;
    key = index ?? nextIndex(table);
  }
  table.set(key, p.value);
}

/** The superglobal the pairs make: later pairs overwrite earlier ones (the LAST value wins). */
export function phpArray(pairs: readonly PhpPair[]): PhpArray {
  const array: PhpArray = new Map();
  for (const p of pairs) register(array, p);
  return array;
}

/** MediaWiki's WebRequest: `$_POST + $_GET`, so a body variable hides the query's of the same name. */
export function phpRequest(get: PhpArray, post: PhpArray): PhpArray {
  const merged: PhpArray = new Map(post);
  for (const [key, value] of get) if (!merged.has(key)) merged.set(key, value);
  return merged;
}

/** Every value any pair gives the variable `name`, array elements included: all PHP could end up with. */
export function phpValuesOf(pairs: readonly PhpPair[], name: string): string[] {
  return pairs.filter((p) => p.name === name && !p.unsets).map((p) => p.value);
}
