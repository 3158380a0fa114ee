import type { RedisClient } from '../redis/redis-client';
import { SessionRecord, SessionStore, StoredSession } from './session-store';

const PREFIX = 'consentry:session:';
const USER_PREFIX = 'consentry:user-sessions:';

/**
 * Sessions in Redis, so that every instance behind a load balancer sees the same logins. A
 * session's key and its user's set live in different hash slots (a cookie names no user), so
 * in a Redis Cluster they cannot share a MULTI: each command goes alone, in an order that never
 * leaves a session its user's "end every session" would miss.
 */
export class RedisSessionStore extends SessionStore {
  constructor(private readonly redis: RedisClient) {
    super();
  }

  async save(id: string, record: SessionRecord): Promise<void> {
    const ttl = record.expiresAt.getTime() - Date.now();
    const userKey = USER_PREFIX + record.userId;
    // The user's set first: a crash in between leaves a stale id there (harmless), never a session outside it.
    await this.redis.sadd(userKey, id);
    await this.redis.pexpire(userKey, ttl, 'GT');
    // PEXPIRE GT does nothing on a key without expiry: give a new set one.
    await this.redis.pexpire(userKey, ttl, 'NX');
    await this.redis.set(PREFIX + id, JSON.stringify(record), 'PX', ttl);
  }

  async find(id: string): Promise<SessionRecord | null> {
    return parseRecord(await this.redis.get(PREFIX + id));
  }

  /** SET XX KEEPTTL: only a session that still exists, and it keeps its expiry. */
  async touch(id: string, lastSeenAt: Date): Promise<void> {
    const record = await this.find(id);
    if (record) await this.redis.set(PREFIX + id, JSON.stringify({ ...record, lastSeenAt }), 'KEEPTTL', 'XX');
  }

  async delete(id: string): Promise<void> {
    const raw = await this.redis.get(PREFIX + id);
    await this.redis.del(PREFIX + id);
    if (raw) await this.redis.srem(USER_PREFIX + (JSON.parse(raw) as SessionRecord).userId, id);
  }

  /** One DEL a key: a multi-key DEL would cross hash slots in a cluster. The set goes last. */
  async deleteAllForUser(userId: number): Promise<void> {
    const ids = await this.redis.smembers(USER_PREFIX + userId);
    await Promise.all(ids.map((id) => this.redis.del(PREFIX + id)));
    await this.redis.del(USER_PREFIX + userId);
  }

  /**
   * One GET a key, as above: the user's set and the sessions are in different hash slots. Ids whose
   * session is gone stay in the set (it expires with the longest session): one may belong to a
   * session being saved right now, whose id is in the set before its record is written.
   */
  async listForUser(userId: number): Promise<StoredSession[]> {
    const ids = await this.redis.smembers(USER_PREFIX + userId);
    const records = await Promise.all(ids.map(async (id) => parseRecord(await this.redis.get(PREFIX + id))));
    return ids.flatMap((id, i) => {
      const record = records[i];
      return record && record.userId === userId ? [{ id, ...record }] : [];
    });
  }
}

/** A stored record, or null when absent or expired. */
function parseRecord(raw: string | null): SessionRecord | null {
  if (!raw) return null;
  const parsed = JSON.parse(raw) as Omit<SessionRecord, 'createdAt' | 'expiresAt' | 'lastSeenAt'> & {
    createdAt: string;
    expiresAt: string;
    lastSeenAt?: string | null;
  };
  const record: SessionRecord = {
    ...parsed,
    createdAt: new Date(parsed.createdAt),
    expiresAt: new Date(parsed.expiresAt),
    lastSeenAt: parsed.lastSeenAt ? new Date(parsed.lastSeenAt) : null,
  };
  return record.expiresAt.getTime() > Date.now() ? record : null;
}
