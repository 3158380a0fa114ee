/**
 * Short-lived shared state: nonces, request tokens, codes. Every single-use operation is atomic
 * (docs/development.md#house-rules): `setIfAbsent` is SET NX, `take` is GETDEL, `compareAndSet` swaps only
 * the value it expects, `reserve` counts a use only below its limit. Memory when REDIS_URL is
 * unset; Redis otherwise, so instances share it.
 */
export abstract class EphemeralStore {
  /** Stores `value` only if `key` is absent; true when stored (a first use). */
  abstract setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  abstract set(key: string, value: string, ttlMs: number): Promise<void>;
  abstract get(key: string): Promise<string | null>;
  /** Reads and deletes in one step: of two concurrent callers, one gets the value, the other null. */
  abstract take(key: string): Promise<string | null>;
  /**
   * `take`, and when there was a value, leaves `markKey` = `mark` behind in the same step (a
   * redeemed code's "used" marker): no crash or concurrent caller can see the value gone
   * without its marker.
   */
  abstract takeAndMark(key: string, markKey: string, mark: string, markTtlMs: number): Promise<string | null>;
  // `key` and `markKey` must carry the same hash tag (`{…}`): a Redis Cluster runs a script only
  // over keys of one slot (docs/operations.md, "Redis").
  /** Replaces the value only if it is still `expected`; true when replaced. */
  abstract compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean>;
  abstract delete(key: string): Promise<void>;
  /**
   * Counts one more use of `key` unless `limit` uses are already counted, in one atomic step: of
   * any number of concurrent callers, only as many as the limit leaves are granted. The window
   * starts at the first use and lasts `windowMs`; `msLeft` is the time until it ends.
   */
  abstract reserve(key: string, limit: number, windowMs: number): Promise<Reservation>;
  /** Gives one counted use back (never below zero), keeping the window's end. */
  abstract release(key: string): Promise<void>;
}

/** What `reserve` answers: whether the use was counted, the count now, and the window's time left. */
export interface Reservation {
  granted: boolean;
  count: number;
  msLeft: number;
}
