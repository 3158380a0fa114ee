/** What the client was told when its request was refused: the code sent, and the policy's reason when known. */
export interface Refusal {
  code?: string;
  reason?: string;
}

const refusals = new WeakMap<object, Refusal>();

/**
 * Kept by the exception filter for the request's one log line (app.setup.ts, onResponse), so a
 * refusal costs no second line and every refused request says why (docs/operations.md#logs).
 */
export function noteRefusal(request: object, refusal: Refusal): void {
  refusals.set(request, refusal);
}

/** The refusal noted for this request, as log fields (none for an answered request). */
export function refusalOf(request: object): Refusal {
  return refusals.get(request) ?? {};
}
