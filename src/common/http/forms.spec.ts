import { IsOptional, IsString, MaxLength } from 'class-validator';
import { validateForm } from './forms';

class ExampleForm {
  @IsString()
  @MaxLength(10)
  username: string;

  @IsOptional()
  @IsString()
  returnTo?: string;
}

describe('validateForm', () => {
  it('gives the typed value of a valid form', () => {
    expect(validateForm(ExampleForm, { username: 'alice' })).toEqual({
      ok: true,
      value: Object.assign(new ExampleForm(), { username: 'alice' }),
    });
  });

  it.each([
    ['a number', { username: 1 }],
    ['a boolean', { username: true }],
    ['an array (a repeated name)', { username: ['a', 'b'] }],
    ['an object', { username: { a: 'b' } }],
    ['null', { username: null }],
  ])('refuses %s where a string belongs, and gives back only the string fields', (_name, body) => {
    const result = validateForm(ExampleForm, { ...body, returnTo: '/x' });
    expect(result).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([expect.objectContaining({ field: 'username' })]),
      fields: { returnTo: '/x' },
    });
  });

  it.each([[null], [undefined], ['username=alice'], [42], [[{ username: 'alice' }]]])(
    'reads a body that is not an object (%j) as an empty form',
    (body) => {
      const result = validateForm(ExampleForm, body);
      expect(result).toMatchObject({
        ok: false,
        errors: expect.arrayContaining([expect.objectContaining({ field: 'username' })]),
        fields: {},
      });
    },
  );
});
