import type Redis from 'ioredis';
import { SessionRecord, SessionStore } from './session-store';

const PREFIX = 'consentry:session:';
const USER_PREFIX = 'consentry:user-sessions:';

/** Sessions in Redis, so that every instance behind a load balancer sees the same logins. */
export class RedisSessionStore extends SessionStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async save(id: string, record: SessionRecord): Promise<void> {
    const ttl = record.expiresAt.getTime() - Date.now();
    const userKey = USER_PREFIX + record.userId;
    await this.redis.multi()
      .set(PREFIX + id, JSON.stringify(record), 'PX', ttl)
      .sadd(userKey, id)
      .pexpire(userKey, ttl, 'GT')
      .exec();
    // PEXPIRE GT does nothing on a key without expiry: give a new set one.
    await this.redis.pexpire(userKey, ttl, 'NX');
  }

  async find(id: string): Promise<SessionRecord | null> {
    const raw = await this.redis.get(PREFIX + id);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Omit<SessionRecord, 'createdAt' | 'expiresAt' | 'lastSeenAt'> & { createdAt: string; expiresAt: string; lastSeenAt?: string | null };
    const record: SessionRecord = {
      ...parsed, createdAt: new Date(parsed.createdAt), expiresAt: new Date(parsed.expiresAt), lastSeenAt: parsed.lastSeenAt ? new Date(parsed.lastSeenAt) : null,
    };
    return record.expiresAt.getTime() > Date.now() ? record : null;
  }

  /** SET XX KEEPTTL: only a session that still exists, and it keeps its expiry. */
  async touch(id: string, lastSeenAt: Date): Promise<void> {
    const record = await this.find(id);
    if (record) await this.redis.set(PREFIX + id, JSON.stringify({ ...record, lastSeenAt }), 'KEEPTTL', 'XX');
  }

  async delete(id: string): Promise<void> {
    const raw = await this.redis.get(PREFIX + id);
    const pipeline = this.redis.multi().del(PREFIX + id);
    if (raw) pipeline.srem(USER_PREFIX + (JSON.parse(raw) as SessionRecord).userId, id);
    await pipeline.exec();
  }

  async deleteAllForUser(userId: number): Promise<void> {
    const ids = await this.redis.smembers(USER_PREFIX + userId);
    await this.redis.del(USER_PREFIX + userId, ...ids.map((id) => PREFIX + id));
  }
}
