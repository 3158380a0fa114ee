import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEvent } from './audit-event.entity';

export type AuditAction =
  | 'login.failed'
  | 'login.throttled'
  | 'user.changed'
  | 'user.password_changed'
  | 'user.password_reset_requested'
  | 'user.password_reset'
  | 'user.login_unlocked'
  | 'user.sessions_ended'
  | 'user.email_change_requested'
  | 'user.email_change_failed'
  | 'user.email_changed'
  | 'user.profile_changed'
  | 'consumer.secret_reset'
  | 'keys.rotated'
  | 'oauth2.code_reused'
  | 'oauth2.refresh_reused'
  | 'oauth1.request_refused'
  | 'oauth2.token_refused'
  | 'password.change_failed';

export interface AuditInput {
  action: AuditAction;
  actor?: { id: number; username: string } | null;
  target?: string;
  ip?: string | null;
  details?: Record<string, unknown>;
}

const FLUSH_MS = 60_000;
const MAX_KEYS = 10_000;

/**
 * The audit trail (docs/security.md). `record` writes at once; `count` aggregates floods in
 * memory and writes one row per action, target and address each minute. Writing never fails the
 * request that triggered it: an audit failure is logged instead.
 */
@Injectable()
export class AuditLog implements OnApplicationShutdown {
  private readonly logger = new Logger('AuditLog');
  private readonly counts = new Map<string, { input: AuditInput; count: number; first: Date }>();
  private readonly timer: NodeJS.Timeout;

  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async record(input: AuditInput): Promise<void> {
    await this.write(input, 1, new Date());
  }

  count(input: AuditInput): void {
    const key = `${input.action}\u0000${input.target ?? ''}\u0000${input.ip ?? ''}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += 1;
    else if (this.counts.size < MAX_KEYS) this.counts.set(key, { input, count: 1, first: new Date() });
  }

  /** Writes the counted events (also at shutdown, so nothing counted is lost). */
  async flush(): Promise<void> {
    const pending = [...this.counts.values()];
    this.counts.clear();
    for (const { input, count, first } of pending) await this.write(input, count, first);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(input: AuditInput, count: number, timestamp: Date): Promise<void> {
    try {
      await this.events.save(
        this.events.create({
          timestamp,
          action: input.action,
          actorId: input.actor?.id ?? null,
          actorName: input.actor?.username ?? null,
          target: (input.target ?? '').slice(0, 255),
          ip: input.ip?.slice(0, 45) ?? null,
          details: input.details ?? null,
          count,
        }),
      );
    } catch (error) {
      this.logger.error(`Could not write the audit event ${input.action}: ${(error as Error).message}`);
    }
  }
}
