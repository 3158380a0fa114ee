import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ManagementListener } from './management-listener';
import { MetricsController } from './metrics.controller';
import { Readiness } from './readiness.service';

/**
 * What operators and orchestrators ask: liveness, readiness and Prometheus metrics, on the public
 * listener and (MANAGEMENT_PORT) on the management listener.
 */
@Module({ controllers: [HealthController, MetricsController], providers: [Readiness, ManagementListener] })
export class HealthModule {}
