import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { randomToken, sha256Hex } from '../common/crypto/tokens';
import { SessionRecord, SessionStore } from './session-store';

export interface StartedSession {
  /** The cookie value: shown to the browser once, stored only as its hash. */
  token: string;
  record: SessionRecord;
}

/** Server-side login sessions, revocable one by one or all of a user's at once. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly store: SessionStore,
    private readonly config: AppConfig,
  ) {}

  async start(userId: number, client: { ip?: string; userAgent?: string }): Promise<StartedSession> {
    const token = randomToken(32);
    const now = new Date();
    const record: SessionRecord = {
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionTtlSeconds * 1000),
      lastSeenAt: now,
      ip: client.ip?.slice(0, 45) ?? null,
      userAgent: client.userAgent?.slice(0, 255) ?? null,
    };
    await this.store.save(sha256Hex(token), record);
    return { token, record };
  }

  /**
   * The live session for a cookie value, or null. Malformed values never reach the store. A
   * session unused for SESSION_IDLE_SECONDS ends (OWASP: idle timeout beside the absolute one);
   * a use is recorded at most once per touch interval, so a busy session is not a write per request.
   */
  async resolve(token: string | undefined, now = new Date()): Promise<SessionRecord | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const id = sha256Hex(token);
    const record = await this.store.find(id);
    if (!record) return null;
    const idleMs = this.config.sessionIdleSeconds * 1000;
    const lastSeen = (record.lastSeenAt ?? record.createdAt).getTime();
    if (now.getTime() - lastSeen > idleMs) {
      await this.store.delete(id);
      return null;
    }
    if (now.getTime() - lastSeen > Math.min(60_000, idleMs / 10)) await this.store.touch(id, now);
    return record;
  }

  async end(token: string | undefined): Promise<void> {
    if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) await this.store.delete(sha256Hex(token));
  }

  endAllForUser(userId: number): Promise<void> {
    return this.store.deleteAllForUser(userId);
  }
}
