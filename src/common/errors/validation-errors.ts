import { getMetadataStorage, ValidationError } from 'class-validator';
import { AppError, ErrorDetail } from './app-error';

/** Flattens class-validator's tree into `{ field: 'a.b[0].c', message }` entries. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return flattenValidationProblems(errors, prefix).map(({ field, message }) => ({ field, message }));
}

/**
 * A field's problem as a page may say it in its own language: the class-validator rule that
 * failed (`minLength`, `isEmail`, `sameAs`, …) and that rule's arguments, named as class-validator's
 * message tokens are (`constraint1`, …; a list joined with ", "). The English `message` stays,
 * for the API and as the page's fallback (docs/development.md#languages).
 */
export interface ValidationProblem extends ErrorDetail {
  rule: string;
  params: Record<string, string>;
}

/** Like flattenValidationErrors, with each problem's rule and arguments. */
export function flattenValidationProblems(errors: ValidationError[], prefix = ''): ValidationProblem[] {
  return errors.flatMap((error) => {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      // class-validator phrases whitelist failures as "property X should not exist".
      message: message.startsWith(`property ${error.property} `)
        ? 'is not an accepted field'
        : withoutSubject(message, error.property),
      rule,
      params: ruleArguments(error, rule),
    }));
    return [...own, ...flattenValidationProblems(error.children ?? [], field)];
  });
}

/** "name must be a string" is "must be a string" of the field `name` (not "each value in name …" cut short). */
function withoutSubject(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** The arguments the DTO gave the rule (`@MinLength(8)`: `{ constraint1: '8' }`), from class-validator's metadata. */
function ruleArguments(error: ValidationError, rule: string): Record<string, string> {
  const target = error.target;
  if (!target) return {};
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name ?? m.type) === rule);
  const constraints: unknown[] = Array.isArray(metadata?.constraints) ? metadata.constraints : [];
  return Object.fromEntries(
    constraints.map((value, i) => [`constraint${i + 1}`, Array.isArray(value) ? value.join(', ') : String(value)]),
  );
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
