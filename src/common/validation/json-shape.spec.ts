import fc from 'fast-check';
import { jsonShapeProblem, valueShapeProblem } from './json-shape';

const nest = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;
const limits = { maxDepth: 3, maxMembers: 4 };

describe('jsonShapeProblem', () => {
  it.each([
    ['32 levels', nest(32), undefined],
    ['33 levels', nest(33), 'depth'],
    ['30,000 levels of arrays', nest(30_000), 'depth'],
    ['30,000 levels of objects', `${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`, 'depth'],
    ['1,000 members', JSON.stringify(Array(1000).fill(0)), undefined],
    ['1,001 members', JSON.stringify(Array(1001).fill(0)), 'members'],
    [
      '1,001 object members',
      JSON.stringify(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]))),
      'members',
    ],
    ['brackets and commas inside strings', JSON.stringify({ a: `${'[{,'.repeat(5000)}\\"[` }), undefined],
    ['an escaped quote does not end the string', `["\\"${'['.repeat(40)}"]`, undefined],
    ['scalars', '"x"', undefined],
  ])('%s', (_name, text, expected) => {
    expect(jsonShapeProblem(text)).toBe(expected);
  });

  it('refuses exactly the JSON whose parsed value is too deep or too wide', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        // Which problem is named first may differ (text order, walk order); whether there is one may not.
        expect(jsonShapeProblem(JSON.stringify(value), limits) !== undefined).toBe(
          valueShapeProblem(value, limits) !== undefined,
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('valueShapeProblem', () => {
  it('checks a parsed form: repeated names are arrays', () => {
    expect(valueShapeProblem({ a: 'x', b: ['1', '2'] })).toBeUndefined();
    expect(valueShapeProblem({ a: Array(1001).fill('x') })).toBe('members');
    expect(valueShapeProblem(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, ''])))).toBe(
      'members',
    );
  });

  it('walks without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(valueShapeProblem(deep)).toBe('depth');
    expect(valueShapeProblem(undefined)).toBeUndefined();
    expect(valueShapeProblem('text')).toBeUndefined();
  });
});
