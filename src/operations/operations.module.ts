import { Global, Module } from '@nestjs/common';
import { Janitor } from './janitor.service';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';

@Global()
@Module({ controllers: [MetricsController], providers: [Metrics, Janitor], exports: [Metrics, Janitor] })
export class OperationsModule {}
