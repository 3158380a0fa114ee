/** A field-level problem, as reported in an admin API error's `details`. */
export interface ErrorDetail {
  field: string;
  message: string;
  /** MediaWiki's message key, where there is one (e.g. `mwoauth-invalid-grants`). */
  code?: string;
}

/**
 * The admin API's error: JSON `{ error, message, details? }` with `status`.
 * `message` is safe to show; `cause` goes to the log only.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, { cause: options?.cause });
    this.headers = options?.headers ?? {};
  }

  readonly headers: Record<string, string>;

  static badRequest(message: string, details?: ErrorDetail[]): AppError {
    return new AppError(400, 'invalid_request', message, details);
  }
  static unauthorized(message = 'Authentication is required.'): AppError {
    return new AppError(401, 'unauthorized', message);
  }
  static forbidden(message = 'You do not have permission to do this.'): AppError {
    return new AppError(403, 'forbidden', message);
  }
  static notFound(message = 'Not found.'): AppError {
    return new AppError(404, 'not_found', message);
  }
  static conflict(message: string, details?: ErrorDetail[]): AppError {
    return new AppError(409, 'conflict', message, details);
  }
  static tooManyRequests(message: string, retryAfterSeconds: number): AppError {
    return new AppError(429, 'rate_limited', message, undefined, {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
  /** For pages: a 303 to the login form, which brings the browser back to `returnTo` afterwards. */
  static loginRequired(returnTo: string): AppError {
    return new AppError(303, 'login_required', 'Log in to continue.', undefined, {
      headers: { Location: `/login?returnTo=${encodeURIComponent(returnTo)}` },
    });
  }
  static unavailable(message = 'The service is temporarily unavailable.', cause?: unknown): AppError {
    return new AppError(503, 'temporarily_unavailable', message, undefined, { cause });
  }
}
