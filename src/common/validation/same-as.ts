import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The field equals another of the same object (a password typed twice). A class-validator rule,
 * so that a form reports it together with every other problem instead of only once they are fixed.
 */
export function SameAs(property: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'sameAs',
      constraints: [property],
      validator: {
        validate: (value: unknown, args) =>
          args !== undefined && value === (args.object as Record<string, unknown>)[property],
        defaultMessage: () => `must be the same as ${property}`,
      },
    },
    options,
  );
}
