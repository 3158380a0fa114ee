import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationProblems, ValidationProblem } from '../errors/validation-errors';

export type FormResult<T> =
  { ok: true; value: T } | { ok: false; errors: ValidationProblem[]; fields: Record<string, string> };

/**
 * Validates a page's form body with the same class-validator DTOs as the API, but returns the
 * errors so the page can show them next to the fields instead of answering with JSON. Every field
 * is checked for its type before any code reads it; only string fields are given back to refill
 * the form. Each problem names its rule and arguments, so that the page says it in its own
 * language (web/problem-texts.ts, docs/development.md#languages).
 */
export function validateForm<T extends object>(dto: ClassConstructor<T>, body: unknown): FormResult<T> {
  // A JSON body may be anything: only an object has fields (an array would be validated as a list).
  const raw = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const value = plainToInstance(dto, raw);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return { ok: true, value };
  const fields = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  return { ok: false, errors: flattenValidationProblems(errors), fields };
}
