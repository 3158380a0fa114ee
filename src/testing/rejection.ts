/**
 * The error a promise rejects with, so a spec can assert its class and its fields in one place;
 * fails the spec when the promise resolves instead.
 */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection, but the promise resolved.');
}

/** The same for a synchronous call. */
export function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('Expected an exception, but the call returned.');
}
