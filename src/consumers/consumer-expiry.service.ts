import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { AppConfig } from '../common/config/app-config.service';
import { Consumer } from './consumer.entity';
import { ConsumerLogService } from './consumer-log.service';
import { ConsumerStage } from '../access/consumer-stage';
import { transact } from '../database/transact';

const EVERY_MS = 60 * 60 * 1000;
const BATCH = 100;

/**
 * Proposals older than PROPOSAL_EXPIRY_DAYS become expired, hourly and at start — on a schedule,
 * not on 1 page view in 30 as in MediaWiki (docs/mediawiki-compatibility.md#stages). Each expiry is logged
 * (action `expire`, performer null) in the transaction that makes it. 0 days turns expiry off.
 */
@Injectable()
export class ConsumerExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ConsumerExpiry');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly log: ConsumerLogService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.consumers.proposalExpiryDays <= 0) return;
    const run = () =>
      this.expire().catch((error: unknown) => this.logger.warn(`Expiry run failed: ${(error as Error).message}`));
    void run();
    this.timer = setInterval(() => void run(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Expires every overdue proposal, in batches; returns how many (none in read-only mode). */
  async expire(now = new Date()): Promise<number> {
    const days = this.config.consumers.proposalExpiryDays;
    // Read-only mode writes nothing, housekeeping included (docs/operations.md#read-only-mode).
    if (days <= 0 || this.config.readOnly.enabled) return 0;
    const cutoff = new Date(now.getTime() - days * 86400 * 1000);
    let total = 0;
    for (;;) {
      const due = await this.db.getRepository(Consumer).find({
        where: { stage: ConsumerStage.Proposed, stageTimestamp: LessThan(cutoff) },
        select: { id: true },
        take: BATCH,
        order: { id: 'ASC' },
      });
      if (due.length === 0) return total;
      total += await transact(this.db, async (manager) => {
        // Re-checked under the update: a proposal approved meanwhile is left alone.
        const ids = due.map((c) => c.id);
        const still = await manager.find(Consumer, {
          where: { id: In(ids), stage: ConsumerStage.Proposed },
          select: { id: true },
        });
        if (still.length === 0) return 0;
        await manager
          .createQueryBuilder()
          .update(Consumer)
          .set({ stage: ConsumerStage.Expired, stageTimestamp: now, revision: () => 'revision + 1' })
          .where({ id: In(still.map((c) => c.id)), stage: ConsumerStage.Proposed })
          .execute();
        for (const { id } of still) {
          await this.log.write(manager, {
            consumerId: id,
            performerId: null,
            action: 'expire',
            reason: `Not reviewed within ${days} days`,
            timestamp: now,
          });
        }
        return still.length;
      });
      if (due.length < BATCH) return total;
    }
  }
}
