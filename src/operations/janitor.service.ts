import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { PasswordReset } from '../accounts/password-reset.entity';
import { OAuth2Token } from '../tokens/oauth2-token.entity';
import { Session } from '../sessions/session.entity';
import { Metrics } from '../metrics/metrics.service';
import { AppConfig } from '../common/config/app-config.service';

const EVERY_MS = 10 * 60 * 1000;
const BATCH = 500;
/** Expired tokens are kept a day: long enough to recognise a replayed refresh token's family. */
const TOKEN_GRACE_MS = 86_400_000;

/**
 * Deletes what has expired — OAuth 2 token rows, database sessions and password reset links — in small batches, every
 * ten minutes (MediaWiki and Hydra let these tables grow without bound). Nonces, request tokens
 * and codes expire by themselves in the ephemeral store.
 */
@Injectable()
export class Janitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Janitor');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const run = () =>
      this.sweep().catch((error: unknown) => this.logger.warn(`Janitor run failed: ${(error as Error).message}`));
    this.timer = setInterval(() => void run(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; returns how many rows went, per table. */
  async sweep(now = new Date()): Promise<{ oauth2_tokens: number; sessions: number; password_resets: number }> {
    // Read-only mode deletes nothing (docs/operations.md#read-only-mode): expired rows wait, and
    // their expiry refuses them meanwhile.
    if (this.config.readOnly.enabled) return { oauth2_tokens: 0, sessions: 0, password_resets: 0 };
    const tokens = await this.batches(
      OAuth2Token,
      { expiresAt: LessThan(new Date(now.getTime() - TOKEN_GRACE_MS)) },
      'oauth2_tokens',
    );
    const sessions = await this.batches(Session, { expiresAt: LessThan(now) }, 'sessions');
    // Used or not, an expired link is refused by its expiry: the row only says it was asked for.
    const resets = await this.batches(PasswordReset, { expiresAt: LessThan(now) }, 'password_resets');
    return { oauth2_tokens: tokens, sessions, password_resets: resets };
  }

  private async batches(
    entity: typeof OAuth2Token | typeof Session | typeof PasswordReset,
    where: object,
    table: string,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.db.getRepository(entity).find({ where, select: { id: true }, take: BATCH });
      if (rows.length === 0) break;
      const result = await this.db
        .getRepository(entity)
        .delete(rows.map((r) => (r as { id: number | string }).id) as never);
      const deleted = result.affected ?? rows.length;
      total += deleted;
      this.metrics.janitor.inc({ table }, deleted);
      if (rows.length < BATCH) break;
    }
    return total;
  }
}
