import { ValidateIf } from 'class-validator';

/**
 * Like `@IsOptional()`, but only an absent field is skipped: a JSON `null` is still checked (and
 * refused by `@IsString()`), so that no form field is ever anything but its type (issue 18 item 6).
 */
export const OptionalField = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
