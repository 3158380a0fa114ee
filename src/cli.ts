import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CommanderError } from 'commander';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { buildDataSourceOptions } from './schema/data-source-options';
import { refuseNewSqliteDatabase } from './cli/database-file';
import { buildProgram } from './cli/program';
import { ConfigError } from './common/config/app-config';
import { withEnvFile } from './common/config/env-file';
import { loadConfig } from './common/config/load-config';
import { AppError } from './common/errors/app-error';
import { createLogger, PinoNestLogger } from './common/logging/logger';

async function main(): Promise<void> {
  const warn = (line: string) => process.stderr.write(`warning: ${line}\n`);
  // The server's settings (the environment over the env file), read when a command opens the database.
  // Its log level is the server's: the CLI logs warnings only unless LOG_LEVEL is set for the command,
  // so that its output (--json) stays readable.
  const configure = (overrides: NodeJS.ProcessEnv = {}) =>
    loadConfig({ ...withEnvFile(process.env), LOG_LEVEL: process.env.LOG_LEVEL || 'warn', ...overrides }, { warn });
  const program = buildProgram({
    open: async (options) => {
      const config = configure(options?.migrationsRun === false ? { MIGRATIONS_RUN: 'false' } : {});
      if (!options?.createDatabase) refuseNewSqliteDatabase(config.database);
      const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
        logger: new PinoNestLogger(createLogger(config.logLevel)),
      });
      return { context, close: () => context.close() };
    },
    out: (line) => process.stdout.write(`${line}\n`),
    openDatabase: async (options) => {
      const config = configure();
      if (!options?.createDatabase) refuseNewSqliteDatabase(config.database);
      const dataSource = await new DataSource(buildDataSourceOptions(config.database)).initialize();
      return { dataSource, close: () => dataSource.destroy() };
    },
  });
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  // Commander has already printed its usage message (or the help, with exit code 0).
  if (error instanceof CommanderError) process.exit(error.exitCode);
  // Known errors are one readable line; anything else keeps its stack for the operator.
  const known = error instanceof AppError || error instanceof ConfigError;
  const details =
    error instanceof AppError && error.details
      ? ` (${error.details.map((d) => `${d.field}: ${d.message}`).join('; ')})`
      : '';
  process.stderr.write(known ? `Error: ${error.message}${details}\n` : `${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
