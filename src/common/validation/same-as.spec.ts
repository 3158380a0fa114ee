import { validateSync } from 'class-validator';
import { SameAs } from './same-as';

class Form {
  password: string;

  @SameAs('password', { message: 'is not the same' })
  passwordConfirm: string;
}

const errorsOf = (values: Partial<Form>) =>
  validateSync(Object.assign(new Form(), values)).map((e) => [e.property, Object.values(e.constraints ?? {})]);

describe('SameAs', () => {
  it('accepts equal values and refuses others, including a missing one', () => {
    expect(errorsOf({ password: 'secret-1', passwordConfirm: 'secret-1' })).toEqual([]);
    expect(errorsOf({ password: 'secret-1', passwordConfirm: 'secret-2' })).toEqual([
      ['passwordConfirm', ['is not the same']],
    ]);
    expect(errorsOf({ password: 'secret-1' })).toEqual([['passwordConfirm', ['is not the same']]]);
  });
});
