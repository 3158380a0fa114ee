import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { registerConsumerCommands } from './consumer.commands';
import { registerKeyCommands } from './keys.commands';
import { registerMigrateCommand } from './migrate.command';
import { registerUserCommands } from './user.commands';

/** What commands need: a booted application context, and where to write their output. */
export interface CliIo {
  /** Opens the application; `close` is called when the command is done. */
  open(options?: { migrationsRun?: boolean }): Promise<{ context: INestApplicationContext; close(): Promise<void> }>;
  out(line: string): void;
  /**
   * Opens the database alone, without booting the application (whose start-up work, such as
   * creating ADMIN_USERNAME, needs the tables that `migrate` is about to create).
   */
  openDatabase?(): Promise<{ dataSource: DataSource; close(): Promise<void> }>;
}

/** `npm run cli -- <command>`: operator tasks that later issues extend. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('consentry')
    .description('Consentry administration')
    .showHelpAfterError()
    // Throw instead of exiting, so callers (cli.ts, tests) decide; set before commands inherit it.
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()) });
  registerUserCommands(program, io);
  registerConsumerCommands(program, io);
  registerKeyCommands(program, io);
  registerMigrateCommand(program, io);
  return program;
}

/** Runs `action` inside an opened application context, always closing it. */
export async function withContext<T>(
  io: CliIo,
  action: (context: INestApplicationContext) => Promise<T>,
  options?: { migrationsRun?: boolean },
): Promise<T> {
  const { context, close } = await io.open(options);
  try {
    return await action(context);
  } finally {
    await close();
  }
}
