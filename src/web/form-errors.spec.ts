import Handlebars from 'handlebars';
import { errorSummary, fieldMessage, formField, registerFormErrorHelpers } from './form-errors';

describe('form errors', () => {
  it('reads a nested path as its form field', () => {
    expect(formField('grants[2]')).toBe('grants');
    expect(formField('owner.name')).toBe('owner');
    expect(formField('name')).toBe('name');
    expect(formField('')).toBe('');
  });

  it("names each problem by its field's label and links it; others keep their name, or none", () => {
    const errors = [
      { field: 'passwordConfirm', message: 'The two passwords are not the same.' },
      { field: 'returnTo', message: 'is too long' },
      { field: '', message: 'Try again later.' },
    ];
    expect(errorSummary('register', errors)).toEqual([
      { href: '#passwordConfirm', labelKey: 'register-password-confirm', message: errors[0].message },
      { field: 'returnTo', message: 'is too long' },
      { field: undefined, message: 'Try again later.' },
    ]);
    expect(errorSummary('no-such-form', [{ field: 'toString', message: 'x' }])).toEqual([
      { field: 'toString', message: 'x' },
    ]);
  });

  it("joins one field's problems once each, and ignores what is not an error list", () => {
    const errors = [
      { field: 'grants[0]', message: 'must be shorter' },
      { field: 'grants', message: 'unknown grants: x' },
      { field: 'grants', message: 'unknown grants: x' },
    ];
    expect(fieldMessage(errors, 'grants')).toBe('must be shorter; unknown grants: x');
    expect(fieldMessage(errors, 'name')).toBeUndefined();
    expect(fieldMessage('nonsense', 'name')).toBeUndefined();
    expect(fieldMessage([null, 3, { field: 'name' }], 'name')).toBeUndefined();
  });

  it('renders aria attributes only for a field with a problem, escaped', () => {
    const hbs = Handlebars.create();
    registerFormErrorHelpers(hbs);
    const render = (source: string, errors: unknown) => hbs.compile(source)({ errors });
    const errors = [{ field: 'name', message: 'is required' }];
    expect(render('<input {{fieldAria "name" "name-help"}}>', errors)).toBe(
      '<input aria-describedby="name-help name-error" aria-invalid="true">',
    );
    expect(render('<input {{fieldAria "version" "v-help"}}>', errors)).toBe('<input aria-describedby="v-help">');
    expect(render('<input {{fieldAria "version"}}>', undefined)).toBe('<input >');
    expect(render('<input {{fieldAria "a\\"b"}}>', [{ field: 'a"b', message: 'x' }])).toBe(
      '<input aria-describedby="a&quot;b-error" aria-invalid="true">',
    );
  });
});
