import { AppError } from '../common/errors/app-error';

/**
 * Reads the revision from an If-Match header ("r12" or W/"r12"). Changes to a consumer require
 * it (RFC 6585 §3: 428 when missing), so that two reviewers cannot overwrite each other.
 */
export function revisionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new AppError(428, 'precondition_required', "Send the consumer's ETag in an If-Match header.");
  }
  const match = /^(?:W\/)?"r(\d{1,9})"$/.exec(header.trim());
  if (!match)
    throw new AppError(412, 'precondition_failed', "The If-Match header does not match the consumer's current ETag.");
  return Number(match[1]);
}

export function staleRevision(): AppError {
  return new AppError(
    412,
    'precondition_failed',
    'The consumer has changed since you read it. Fetch it again and retry.',
  );
}
