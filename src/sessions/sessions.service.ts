import { Injectable } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { ServerKeys } from '../common/crypto/server-keys';
import { constantTimeEqual, hmacSha256, randomToken, sha256Hex } from '../common/crypto/tokens';
import { SessionRecord, SessionStore } from './session-store';

/** One of a user's sessions as their own "my sessions" list shows it: a handle, never the id. */
export interface ListedSession extends Omit<SessionRecord, 'userId'> {
  /** Opaque and stable: names the session in a form or a URL without revealing its store id. */
  handle: string;
  /** The session of the request that asked. */
  current: boolean;
}

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
    private readonly keys: ServerKeys,
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

  /** The user's live sessions, newest first; `currentToken` (the cookie value) marks the asking one. */
  async listForUser(userId: number, currentToken: string | undefined): Promise<ListedSession[]> {
    const currentId = this.idOf(currentToken);
    const sessions = await this.store.listForUser(userId);
    return sessions
      .map(({ id, userId: _owner, ...record }) => ({ ...record, handle: this.handleOf(id), current: id === currentId }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** Ends every session of the user but the one of `currentToken`; the number ended. */
  async endOthers(userId: number, currentToken: string | undefined): Promise<number> {
    const currentId = this.idOf(currentToken);
    const others = (await this.store.listForUser(userId)).filter((s) => s.id !== currentId);
    await Promise.all(others.map((s) => this.store.delete(s.id)));
    return others.length;
  }

  /**
   * Ends the user's session named by `handle`: null when the user has none by that handle (another
   * user's handle names nothing here, the lookup is within the user's own sessions); `current` when
   * it was the session of `currentToken`, which the caller then logs out.
   */
  async endByHandle(
    userId: number,
    handle: string,
    currentToken: string | undefined,
  ): Promise<{ current: boolean } | null> {
    if (!/^[A-Za-z0-9_-]{22}$/.test(handle)) return null;
    const found = (await this.store.listForUser(userId)).find((s) => constantTimeEqual(this.handleOf(s.id), handle));
    if (!found) return null;
    await this.store.delete(found.id);
    return { current: found.id === this.idOf(currentToken) };
  }

  /**
   * A keyed hash of the store id (128 bits): the id is itself a hash of the cookie, but a page or an
   * API answer that showed it would hand out the key the store finds the session by.
   */
  private handleOf(id: string): string {
    return hmacSha256(this.keys.derive('session-handle'), id).subarray(0, 16).toString('base64url');
  }

  private idOf(token: string | undefined): string | undefined {
    return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? sha256Hex(token) : undefined;
  }
}
