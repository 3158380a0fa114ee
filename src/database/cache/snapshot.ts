/**
 * A value the hot caches handed out: deeply frozen, and never changed afterwards. A write to any
 * row it was read from makes the cache load a new object instead, so "the same object" means "the
 * same data". Memos keyed by object identity (a principal per token row, a rendered gateway
 * answer per principal, a derived secret per authorization) rely on exactly that, and accept
 * only snapshots: the brand makes the type checker refuse a plain entity someone could mutate.
 */
declare const SNAPSHOT: unique symbol;
export type Snapshot<T> = T & { readonly [SNAPSHOT]: true };

/** Freezes `value` and everything it holds; what the caches (and principal builders) return. */
export function snapshot<T extends object>(value: T): Snapshot<T> {
  deepFreeze(value);
  return value as Snapshot<T>;
}

/** True for an object that a snapshot was made of (frozen all the way down). */
export function isSnapshot<T extends object>(value: T): value is Snapshot<T> {
  return Object.isFrozen(value);
}

function deepFreeze(value: object): void {
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) {
    // Dates are objects whose setters work on frozen instances: a cached Date is read-only by contract.
    if (child !== null && typeof child === 'object' && !(child instanceof Date)) deepFreeze(child as object);
  }
}

/**
 * A value derived from a snapshot, kept as long as the snapshot lives. Always right: the key
 * never changes, and a change to its rows yields a new key.
 */
export class SnapshotMemo<K extends object, V> {
  private readonly values = new WeakMap<Snapshot<K>, V>();

  get(key: Snapshot<K>, derive: (key: Snapshot<K>) => V): V {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = derive(key);
    this.values.set(key, value);
    return value;
  }
}
