import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics.service';

/** Prometheus counters. Global, as logging is: any layer may count what it does. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
