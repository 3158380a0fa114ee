import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createAdapter } from './app.setup';
import { ConfigError } from './common/config/app-config';
import { withEnvFile } from './common/config/env-file';
import { loadConfig } from './common/config/load-config';
import { createLogger, PinoNestLogger } from './common/logging/logger';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(withEnvFile(process.env), { warn: (line) => process.stderr.write(`warning: ${line}\n`) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createAdapter(config, logger),
    {
      logger: new PinoNestLogger(logger),
      // OAuth 1.0a signatures cover form parameters exactly as sent.
      rawBody: true,
    },
  );
  await configureApp(app, config);
  await app.listen({ port: config.port, host: config.host });
  logger.info(`Consentry is listening on port ${config.port}; public URL ${config.publicUrl}`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Consentry failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
