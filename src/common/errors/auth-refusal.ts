/**
 * Why a request may not proceed (MediaWiki's keys, docs/mediawiki-compatibility.md#gateway): 401
 * with a challenge when the credentials are missing or bad, 403 when a valid credential may not be
 * used here.
 */
export class AuthRefusal extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly key: string,
    message: string,
    readonly challenge?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toJSON(): { error: string; message: string } {
    return { error: this.key, message: this.message };
  }
}
