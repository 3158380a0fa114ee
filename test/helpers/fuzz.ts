import { getMetadataStorage } from 'class-validator';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';

/** Every table a refused request must leave as it was (sessions and the audit counters may change). */
export const GUARDED_TABLES = [
  'users',
  'user_groups',
  'consumers',
  'consumer_log',
  'authorizations',
  'oauth2_tokens',
  'oauth2_signing_keys',
];

/** The content of the guarded tables, row by row: a changed value shows, not only a changed count. */
export async function tableDigest(dataSource: DataSource, tables = GUARDED_TABLES): Promise<string> {
  const rows = await Promise.all(tables.map(async (table) => dataSource.query(`SELECT * FROM ${table} ORDER BY 1`)));
  return JSON.stringify(rows);
}

/** What JSON can hold where a form field expects a string (docs/security.md#other-promises). */
export const NON_STRINGS: unknown[] = [0, 1.5, 2 ** 64, true, false, null, ['x', 'y'], {}, { a: [] }];
/** The few that tell code paths apart, for one field at a time. */
export const FEW_NON_STRINGS: unknown[] = [1, null, ['x'], { a: 'b' }];

/**
 * Characters no client URL may hold (docs/security.md#other-promises): C0 (CR LF, TAB, NUL, ESC), DEL,
 * C1 (NEL, CSI), U+2028, U+2029.
 */
export const CONTROLS = ['\r\n', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029'];

/** Names PHP reads as `action` (leading spaces and `+`, NUL and what follows, `[]`), and other oddities. */
export const PHP_STYLE_QUERY = [
  '%20action=edit',
  '+action=edit',
  '%00action=edit',
  'action%00=edit',
  'action%00x=edit',
  'action[]=edit',
  'action[x]=edit',
  'action=query&%20action=edit',
  'action.x=1',
  'a%20b=1',
  'a[b][c][d]=1',
  '[]=1',
  '%5B=1',
  '=1',
  '&&&',
  'x',
  'a=%zz',
  'a=%FF',
  '__proto__[x]=1',
  'constructor[prototype][x]=1',
].join('&');

/** The property names of a class-validator DTO, read from its decorators. */
export function dtoFields(dto: new () => object): string[] {
  return [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
}

/** JSON nested `depth` levels, as arrays or objects. */
export function deepJson(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * A refusal in one of the shapes the endpoints promise: JSON with an `error` string (RFC 6749
 * §5.2, the admin API, the gateway), a page (HTML), OAuth 1.0a problem text (plain text), or a
 * redirect that says where. Successes pass as they are.
 */
export function errorShaped(res: Pick<Response, 'status' | 'headers' | 'body' | 'text'>): boolean {
  if (res.status < 300) return true;
  if (res.status < 400) return typeof res.headers.location === 'string' && res.headers.location.length > 0;
  const type = res.headers['content-type'] ?? '';
  if (type.includes('application/json')) return typeof (res.body as { error?: unknown })?.error === 'string';
  return (type.includes('text/html') || type.includes('text/plain')) && res.text.length > 0;
}

/**
 * Sends requests and keeps what went wrong: a 5xx, an answer not in an error shape, or a refused
 * request (4xx) after which a guarded table differs. A success may write: it becomes the baseline.
 */
export class Prober {
  readonly failures: string[] = [];
  private baseline: string | undefined;

  constructor(private readonly dataSource: DataSource) {}

  async probe(
    label: string,
    send: () => PromiseLike<Response>,
    expect: (res: Response) => string | undefined = () => undefined,
  ): Promise<Response> {
    this.baseline ??= await tableDigest(this.dataSource);
    const res = await send();
    const problem = res.status >= 500 ? 'a 5xx' : !errorShaped(res) ? 'an unshaped answer' : expect(res);
    const after = await tableDigest(this.dataSource);
    if (problem) this.failures.push(`${label} → ${res.status}: ${problem} ${res.text.slice(0, 160)}`);
    else if (res.status >= 400 && after !== this.baseline)
      this.failures.push(`${label} → ${res.status}: refused, yet a row changed`);
    this.baseline = after;
    return res;
  }
}
