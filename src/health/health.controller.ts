import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorBody } from '../common/errors/error-body.dto';
import { REDIS, RedisClient } from '../redis/redis.module';
import { HealthResponse } from './health.response';

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: RedisClient | null,
  ) {}

  /** This instance's own key: the probe writes and reads it as the app writes shared state. */
  private readonly probeKey = `consentry:readyz:${randomUUID()}`;

  /** Liveness: the process answers. Touches nothing else, so a slow database never restarts it. */
  @Public()
  @Get('healthz')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness probe' })
  @ApiOkResponse({ type: HealthResponse })
  healthz(): HealthResponse {
    return { status: 'ok' };
  }

  /**
   * Readiness: the database answers, and Redis (when configured) takes a write and reads it back,
   * within two seconds.
   */
  @Public()
  @Get('readyz')
  @ApiOperation({ summary: 'Readiness probe: database and Redis reachable' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: ErrorBody })
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
      ...(this.redis ? [probe('redis', () => this.probeRedis(this.redis!))] : []),
    ]);
    if (failures.length > 0) throw AppError.unavailable(`Not ready: ${failures.join(', ')} unreachable.`);
    return { status: 'ok', checks };
  }

  /**
   * A write and a read, as logins and nonces do: PING answers on a replica, on a node whose slots
   * are being failed over, or on a master that lost its replicas and refuses writes; this does not.
   */
  private async probeRedis(redis: RedisClient): Promise<void> {
    const nonce = randomUUID();
    await redis.set(this.probeKey, nonce, 'PX', 10_000);
    if ((await redis.get(this.probeKey)) !== nonce) throw new Error('Redis did not return what was written');
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
