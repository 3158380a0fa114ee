import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import { ConfigError } from './common/config/app-config';
import { withEnvFile } from './common/config/env-file';
import { loadConfig } from './common/config/load-config';
import { isDependencyDown } from './common/errors/dependency-errors';
import { dependencyHint, dependencyMessage, watchRedisClient } from './common/logging/dependency-hint';
import { chooseLogFormat, createLogger, flushLogger, LogFormat, PinoNestLogger } from './common/logging/logger';
import { startupSummary } from './common/logging/startup-summary';
import { startManagementListener } from './health/management-listener';
import { REDIS, type RedisClient } from './redis/redis.module';

async function bootstrap(): Promise<void> {
  let config;
  let format: LogFormat;
  try {
    const env = withEnvFile(process.env);
    config = loadConfig(env, { warn: (line) => process.stderr.write(`warning: ${line}\n`) });
    // Pretty lines for a developer's terminal; JSON for anything that collects them (docs/operations.md, "Logs").
    format = chooseLogFormat(env.LOG_FORMAT || undefined, config.nodeEnv, process.stdout.isTTY === true);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel, { format });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createAdapter(config, logger),
    {
      logger: new PinoNestLogger(logger),
      // OAuth 1.0a signatures cover form parameters exactly as sent.
      rawBody: true,
    },
  );
  const redis = app.get<symbol, RedisClient | null>(REDIS, { strict: false });
  if (redis) watchRedisClient(redis, logger.child({ context: 'Redis' }));
  await configureApp(app, config);
  logShutdown(app, logger);
  await app.listen({ port: config.port, host: config.host });
  // Probes and metrics apart from the public port (docs/operations.md#management-listener); closed
  // by the same shutdown, after the public listener has drained.
  await startManagementListener(app, config);
  const summary = startupSummary(config);
  logger.info({ context: 'Consentry', ...summary.fields }, summary.message);
}

/** SIGTERM and SIGINT: say that the server drains and exits (Nest's shutdown hooks do the work). */
function logShutdown(app: NestFastifyApplication, logger: ReturnType<typeof createLogger>): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    // once: Nest re-raises the signal after closing, and then nothing may hold the process.
    process.once(signal, () =>
      logger.info(
        { context: 'Consentry', signal },
        `${signal}: no new connections; finishing requests in flight, then closing the database and Redis`,
      ),
    );
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      logger.info({ context: 'Consentry' }, 'Requests drained; closing the database and Redis, then exiting');
      await flushLogger(logger);
    });
}

bootstrap().catch((error: unknown) => {
  // A dependency away at boot: say which setting to check rather than the driver's words alone.
  const why = isDependencyDown(error)
    ? dependencyMessage(dependencyHint(error))
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`Consentry failed to start: ${why}\n`);
  process.exit(1);
});
