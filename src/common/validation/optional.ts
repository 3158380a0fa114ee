import { ValidateIf } from 'class-validator';

/**
 * Like `@IsOptional()`, but only an absent field is skipped: `null` is checked like any value,
 * so the field's type check refuses it. JSON lets a client send `null` for any field, and
 * `@IsOptional()` would pass it on to code and columns that expect a value (a NOT NULL column
 * answered 500; docs/api.md, "Errors"). Use `@IsOptional()` only where `null` means something.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
