import { ValidationError } from 'class-validator';
import { AppError, ErrorDetail } from './app-error';

/** Flattens class-validator's tree into `{ field: 'a.b[0].c', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator phrases whitelist failures as "property X should not exist".
      message: message.startsWith(`property ${error.property} `)
        ? 'is not an accepted field'
        : message.replace(`${error.property} `, ''),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** A body may hold up to 1,000 unknown fields (common/validation): the answer names the first few. */
const MAX_DETAILS = 50;
const MAX_NAMED_FIELDS = 10;

/** The ValidationPipe's exceptionFactory: the field errors (the first 50), one 400. */
export function validationException(errors: ValidationError[]): AppError {
  const details = flattenValidationErrors(errors);
  const fields = [...new Set(details.map((d) => d.field))];
  const more = fields.length > MAX_NAMED_FIELDS ? ` and ${fields.length - MAX_NAMED_FIELDS} more` : '';
  const named = fields.slice(0, MAX_NAMED_FIELDS).join(', ');
  const message = fields.length > 0 ? `Invalid fields: ${named}${more}.` : 'The request body is invalid.';
  return AppError.badRequest(message, details.slice(0, MAX_DETAILS));
}
