/** What a session remembers. */
export interface SessionRecord {
  userId: number;
  createdAt: Date;
  expiresAt: Date;
  /** When the session was last used, to the touch interval (SessionsService); null on rows from before it was kept. */
  lastSeenAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

/** A live session with its store id (the hash of its cookie value): for its owner's list only, never shown. */
export interface StoredSession extends SessionRecord {
  id: string;
}

/** Where sessions live: the database by default, Redis when REDIS_URL is set. Keys are token hashes. */
export abstract class SessionStore {
  abstract save(id: string, record: SessionRecord): Promise<void>;
  /** The live record, or null if unknown or expired. */
  abstract find(id: string): Promise<SessionRecord | null>;
  abstract delete(id: string): Promise<void>;
  /** Records a use; a record deleted meanwhile stays deleted. */
  abstract touch(id: string, lastSeenAt: Date): Promise<void>;
  abstract deleteAllForUser(userId: number): Promise<void>;
  /** The user's live sessions, in no particular order. */
  abstract listForUser(userId: number): Promise<StoredSession[]>;
}
