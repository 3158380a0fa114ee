import { Type, ValidationPipe } from '@nestjs/common';
import { validationException } from '../common/errors/validation-errors';

/**
 * The API's query DTOs, applied to a page's GET form: an empty field means "not given" (a form
 * sends every field), other unknown names are dropped (the page's own, such as `page`), and what
 * the API would refuse is refused here with the same field errors.
 */
const PIPE = new ValidationPipe({ whitelist: true, transform: true, exceptionFactory: validationException });

export async function pageQuery<T extends object>(metatype: Type<T>, raw: Record<string, unknown>): Promise<T> {
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '' && value !== undefined));
  return (await PIPE.transform(given, { type: 'query', metatype })) as T;
}

/** What a page number looks like in an address: a plain positive number, not too long. */
export const PAGE_NUMBER = /^[1-9][0-9]{0,5}$/;

/** A page number from the address: 1 unless it is a plain positive number. */
export function pageNumberOf(value: unknown): number {
  return typeof value === 'string' && PAGE_NUMBER.test(value) ? Number(value) : 1;
}
