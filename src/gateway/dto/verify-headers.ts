import { AppError } from '../../common/errors/app-error';

/** The headers of a described request that POST /auth/verify reads. */
const READ = ['authorization', 'content-type', 'content-encoding'] as const;
type Read = (typeof READ)[number];

/**
 * The described request's headers, by lower-case name. A name given twice in different cases, or
 * a header read here given as anything but a string, is refused: the backend saw one value, and
 * the gateway must say which (docs/development.md#house-rules: repeated parameters are rejected).
 */
export function describedHeaders(headers: Record<string, unknown>): Partial<Record<Read, string>> {
  const seen = new Set<string>();
  const read: Partial<Record<Read, string>> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw AppError.badRequest(`headers: "${lower}" is given twice.`);
    seen.add(lower);
    if (!(READ as readonly string[]).includes(lower)) continue;
    if (typeof value !== 'string') throw AppError.badRequest(`headers: "${lower}" must be a string.`);
    read[lower as Read] = value;
  }
  return read;
}
