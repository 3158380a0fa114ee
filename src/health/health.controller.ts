import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorBody } from '../common/errors/error-body.dto';
import { REDIS } from '../redis/redis.module';
import { HealthResponse } from './health.response';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource, @Inject(REDIS) private readonly redis: Redis | null) {}

  /** Liveness: the process answers. Touches nothing else, so a slow database never restarts it. */
  @Public() @Get('healthz') @HttpCode(200)
  @ApiOperation({ summary: 'Liveness probe' }) @ApiOkResponse({ type: HealthResponse })
  healthz(): HealthResponse {
    return { status: 'ok' };
  }

  /** Readiness: the database (and Redis, when configured) answer within two seconds. */
  @Public() @Get('readyz')
  @ApiOperation({ summary: 'Readiness probe: database and Redis reachable' })
  @ApiOkResponse({ type: HealthResponse }) @ApiServiceUnavailableResponse({ type: ErrorBody })
  async readyz(): Promise<HealthResponse> {
    const checks: Record<string, string> = {};
    const failures: string[] = [];
    const probe = async (name: string, run: () => Promise<unknown>) => {
      try {
        await withTimeout(run());
        checks[name] = 'up';
      } catch {
        checks[name] = 'down';
        failures.push(name);
      }
    };
    await Promise.all([
      probe('database', () => this.db.query('SELECT 1')),
      ...(this.redis ? [probe('redis', () => this.redis!.ping())] : []),
    ]);
    if (failures.length > 0) throw AppError.unavailable(`Not ready: ${failures.join(', ')} unreachable.`);
    return { status: 'ok', checks };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
