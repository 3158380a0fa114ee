import { ValidationError } from 'class-validator';
import { validationException } from './validation-errors';

const error = (
  property: string,
  constraints: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError => Object.assign(new ValidationError(), { property, constraints, children });

describe('validationException', () => {
  it('names every field and its problems', () => {
    const e = validationException([
      error('name', { isString: 'name must be a string' }),
      error('extra', { whitelistValidation: 'property extra should not exist' }),
    ]);
    expect(e.message).toBe('Invalid fields: name, extra.');
    expect(e.details).toEqual([
      { field: 'name', message: 'must be a string' },
      { field: 'extra', message: 'is not an accepted field' },
    ]);
  });

  it('keeps the answer small for a body of a thousand unknown fields', () => {
    const e = validationException(
      Array.from({ length: 999 }, (_, i) => error(`k${i}`, { whitelistValidation: `property k${i} should not exist` })),
    );
    expect(e.message).toBe('Invalid fields: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9 and 989 more.');
    expect(e.details).toHaveLength(50);
  });
});
