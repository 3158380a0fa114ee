import { phpArray, phpFormPairs, PhpArray, phpQueryPairs, phpRequest, phpUrlDecode, phpValuesOf } from './php-params';

type Plain = { [key: string]: string | Plain };
const plain = (array: PhpArray): Plain =>
  Object.fromEntries([...array].map(([k, v]) => [k, typeof v === 'string' ? v : plain(v)]));
const get = (query: string) => plain(phpArray(phpQueryPairs(query)));

/**
 * $_GET for a query string, per php_default_treat_data and php_register_variable_ex (PHP 8). Each
 * row was also checked against PHP 8.2's built-in server (docs/gateway.md "Parameter names").
 */
describe('phpQueryPairs → $_GET', () => {
  it.each<[string, Plain]>([
    // Names PHP registers as `action` (docs/gateway.md#parameter-names).
    ['%20action=edit', { action: 'edit' }],
    ['+action=edit', { action: 'edit' }],
    ['%20%20action=edit', { action: 'edit' }],
    ['action%00=edit', { action: 'edit' }],
    ['action%00x=edit', { action: 'edit' }],
    ['action=query&%20action=edit', { action: 'edit' }],
    ['action=a&action=b', { action: 'b' }],
    ['act%69on=a%2Bb+c', { action: 'a+b c' }],
    ['a%5Bb%5D=1', { a: { b: '1' } }],
    // Arrays.
    ['action[]=edit', { action: { 0: 'edit' } }],
    ['action[x]=edit', { action: { x: 'edit' } }],
    ['a[]=1&a[]=2&a[5]=x&a[]=3', { a: { 0: '1', 1: '2', 5: 'x', 6: '3' } }],
    ['a[-3]=x&a[]=y', { a: { '-3': 'x', '-2': 'y' } }],
    ['a[01]=x&a[]=y', { a: { '01': 'x', 0: 'y' } }],
    ['a[b]=1&a=2', { a: '2' }],
    ['a=2&a[b]=1', { a: { b: '1' } }],
    ['a[b]x[c]=1', { a: { b: '1' } }],
    ['a[b][c=1', { a: { b: '1' } }],
    ['a[]]=1', { a: { 0: '1' } }],
    ['a[[]=1', { a: { '[': '1' } }],
    ['a[b.c]=1', { a: { 'b.c': '1' } }],
    ['a[b%2Ec]=1', { a: { 'b.c': '1' } }],
    ['a%20b[x%20y]=1', { a_b: { 'x y': '1' } }],
    // Spaces and dots in the name, and a `[` never closed.
    ['a.b=1', { a_b: '1' }],
    ['a%2Eb=1', { a_b: '1' }],
    ['a%20b=1', { a_b: '1' }],
    ['.action=1', { _action: '1' }],
    ['action.=1', { action_: '1' }],
    ['a[b=1', { a_b: '1' }],
    ['a[b[c=1', { a_b_c: '1' }],
    ['a[b.c%20d[e=1', { a_b_c_d_e: '1' }],
    ['x%5B=1', { x_: '1' }],
    // Not `action` to PHP.
    ['Action=import', { Action: 'import' }],
    ['%09action=1', { '\taction': '1' }],
    ['%3Daction=1', { '=action': '1' }],
    ['action%3D=1', { 'action=': '1' }],
    ['a;action=import', { 'a;action': 'import' }],
    // Nothing registered: empty names.
    ['%00action=1', {}],
    ['[x]=1', {}],
    ['=x', {}],
    // Values.
    ['action', { action: '' }],
    ['action=x=y', { action: 'x=y' }],
    ['action=%ZZ%2', { action: '%ZZ%2' }],
    ['a=1&&&b=2', { a: '1', b: '2' }],
    ['%E2%82%AC=%E2%82%AC', { '€': '€' }],
  ])('%p', (query, expected) => {
    expect(get(query)).toEqual(expected);
  });

  it('unsets a variable nested deeper than max_input_nesting_level (64)', () => {
    expect(get(`a${'[x]'.repeat(64)}=1`)).toMatchObject({ a: expect.any(Object) });
    expect(get(`a=keep&a${'[x]'.repeat(65)}=1`)).toEqual({});
  });

  it('reads the query as a C string (cut at a raw NUL) and splits on arg_separator.input', () => {
    expect(get('action=query\0&action=import')).toEqual({ action: 'query' });
    expect(plain(phpArray(phpQueryPairs('a=1;action=import', '&;')))).toEqual({ a: '1', action: 'import' });
  });
});

describe("phpFormPairs → $_POST, and MediaWiki's $_POST + $_GET", () => {
  it.each<[string, Plain]>([
    ['%20action=edit', { action: 'edit' }],
    ['+action=x', { action: 'x' }],
    ['action=query&action=edit', { action: 'edit' }],
    ['action%00=edit', { action: 'edit' }],
    ['action=a%00b', { action: 'a\0b' }],
    ['action[]=edit', { action: { 0: 'edit' } }],
    ['a=1&&b', { a: '1', b: '' }],
    ['a=1;action=import', { a: '1;action=import' }],
    ['=x', {}],
  ])('%p', (body, expected) => {
    expect(plain(phpArray(phpFormPairs(body)))).toEqual(expected);
  });

  it('lets a body variable hide the query variable of the same name', () => {
    const request = phpRequest(phpArray(phpQueryPairs('action=query&title=A')), phpArray(phpFormPairs('action=edit')));
    expect(plain(request)).toEqual({ action: 'edit', title: 'A' });
  });

  it('lists every value any pair gives a name, arrays included, however the name was spelled', () => {
    const pairs = phpQueryPairs(
      'action=query&%20action=edit&action[]=import&+action=delete&Action=x&action%00=protect',
    );
    expect(phpValuesOf(pairs, 'action')).toEqual(['query', 'edit', 'import', 'delete', 'protect']);
  });
});

describe('phpUrlDecode', () => {
  it.each([
    ['a+b', 'a b'],
    ['%41%2b', 'A+'],
    ['%4', '%4'],
    ['%zz', '%zz'],
    ['é%C3%A9', 'éé'],
    ['%FF', '\uFFFD'],
  ])('%p → %p', (input, expected) => {
    expect(phpUrlDecode(input)).toBe(expected);
  });
});
