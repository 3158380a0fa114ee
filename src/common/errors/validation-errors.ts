import { ValidationError } from 'class-validator';
import { AppError, ErrorDetail } from './app-error';

/** Flattens class-validator's tree into `{ field: 'a.b[0].c', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator phrases whitelist failures as "property X should not exist".
      message: message.startsWith(`property ${error.property} `) ? 'is not an accepted field' : message.replace(`${error.property} `, ''),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The ValidationPipe's exceptionFactory: every field error, one 400. */
export function validationException(errors: ValidationError[]): AppError {
  const details = flattenValidationErrors(errors);
  const fields = [...new Set(details.map((d) => d.field))].join(', ');
  return AppError.badRequest(fields ? `Invalid fields: ${fields}.` : 'The request body is invalid.', details);
}
