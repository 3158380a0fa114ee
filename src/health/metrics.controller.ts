import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../principal/route-rules.decorators';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { Metrics } from '../metrics/metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  /**
   * Prometheus text format. Expose it to your scraper only: METRICS_PUBLIC=false keeps it off this
   * listener, and MANAGEMENT_PORT serves it apart (docs/operations.md#management-listener).
   */
  @Get()
  @Public()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Requests per route, verifications and token issuance by result, janitor deletions, process metrics.',
  })
  @ApiOkResponse({ description: 'text/plain; version=0.0.4' })
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    // Not found rather than forbidden: a public listener that does not serve it says nothing more.
    if (!this.config.metricsPublic) throw AppError.notFound();
    await this.send(reply);
  }

  /** The scrape itself, also answered by the management listener whatever METRICS_PUBLIC says. */
  async send(reply: FastifyReply): Promise<void> {
    await reply.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
