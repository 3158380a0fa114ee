import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../principal/route-rules.decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorBody } from '../common/errors/error-body.dto';
import { HealthResponse } from './health.response';
import { Readiness } from './readiness.service';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

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
    const checks = await this.readiness.check();
    const failures = Object.keys(checks).filter((name) => checks[name] === 'down');
    if (failures.length > 0) throw AppError.unavailable(`Not ready: ${failures.join(', ')} unreachable.`);
    return { status: 'ok', checks };
  }
}
