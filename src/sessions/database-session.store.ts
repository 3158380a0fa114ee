import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { Session } from './session.entity';
import { SessionRecord, SessionStore, StoredSession } from './session-store';

@Injectable()
export class DatabaseSessionStore extends SessionStore {
  constructor(@InjectRepository(Session) private readonly sessions: Repository<Session>) {
    super();
  }

  async save(id: string, record: SessionRecord): Promise<void> {
    await this.sessions.insert({ id, ...record });
  }

  async find(id: string): Promise<SessionRecord | null> {
    const row = await this.sessions.findOneBy({ id, expiresAt: MoreThan(new Date()) });
    if (!row) return null;
    const { userId, createdAt, expiresAt, lastSeenAt, ip, userAgent } = row;
    return { userId, createdAt, expiresAt, lastSeenAt, ip, userAgent };
  }

  async touch(id: string, lastSeenAt: Date): Promise<void> {
    await this.sessions.update({ id }, { lastSeenAt });
  }

  async delete(id: string): Promise<void> {
    await this.sessions.delete({ id });
  }

  async deleteAllForUser(userId: number): Promise<void> {
    await this.sessions.delete({ userId });
  }

  /** Bounded by the index on userId; expired rows wait for the janitor. */
  async listForUser(userId: number): Promise<StoredSession[]> {
    const rows = await this.sessions.findBy({ userId, expiresAt: MoreThan(new Date()) });
    return rows.map(({ id, createdAt, expiresAt, lastSeenAt, ip, userAgent }) => ({
      id,
      userId,
      createdAt,
      expiresAt,
      lastSeenAt,
      ip,
      userAgent,
    }));
  }
}
