import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSPRNG bytes come from a pool refilled 4 KiB at a time, as Node does for randomUUID(): one
 * getrandom() call then serves about a hundred tokens instead of one, which matters where system
 * calls are expensive. Each byte is handed out once; a spent pool is replaced, never reused.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function randomSlice(bytes: number): Buffer {
  if (bytes > POOL_SIZE / 4) return randomBytes(bytes);
  if (offset + bytes > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  offset += bytes;
  return pool.subarray(offset - bytes, offset);
}

/** A URL-safe random token with `bytes` of entropy (32 bytes = 256 bits by default). */
export function randomToken(bytes = 32): string {
  return randomSlice(bytes).toString('base64url');
}

/** SHA-256, hex: what is stored in place of high-entropy tokens (no slow KDF needed). */
export function sha256Hex(value: string): string {
  // One-shot: no Hash object per call (this runs for every token issued and looked up).
  return hash('sha256', value, 'hex');
}

/** HMAC-SHA256 of `value` under `key`, as raw bytes. */
export function hmacSha256(key: string | Buffer, value: string): Buffer {
  return createHmac('sha256', key).update(value, 'utf8').digest();
}

/**
 * Compares two strings in time that depends only on their lengths' hash, not on where they
 * differ: both sides are hashed first so timingSafeEqual always sees equal-length buffers.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = hash('sha256', a, 'buffer');
  const hb = hash('sha256', b, 'buffer');
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
