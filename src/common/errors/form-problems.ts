import { ErrorDetail } from './app-error';
import { toErrorResponse } from './error-response';

/**
 * A failed form submission as its page shows it again: the status, and the field problems (or
 * one line with the message). What is not the form's fault goes on to the exception filter:
 * server errors always, a 429 (no change to the form helps; the error page carries its
 * Retry-After, RFC 6585 §4), and a 404 where the page itself is gone (`pageGone`).
 */
export function formProblems(
  error: unknown,
  options: { pageGone?: boolean } = {},
): { status: number; errors: ErrorDetail[] } {
  const { status, body } = toErrorResponse(error);
  if (status >= 500 || status === 429 || (options.pageGone && status === 404)) throw error;
  return { status, errors: body.details ?? [{ field: '', message: body.message }] };
}
