import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../principal/route-rules.decorators';
import { Metrics } from '../metrics/metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Prometheus text format. Expose it to your scraper only (docs/operations.md). */
  @Get()
  @Public()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Requests per route, verifications and token issuance by result, janitor deletions, process metrics.',
  })
  @ApiOkResponse({ description: 'text/plain; version=0.0.4' })
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    await reply.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
