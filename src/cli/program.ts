import { Command } from 'commander';
import { registerConsumerCommands } from './consumer.commands';
import { registerKeyCommands } from './keys.commands';
import { registerMigrateCommand } from './migrate.command';
import { registerUserCommands } from './user.commands';
import type { CliIo } from './cli-io';

export type { CliIo } from './cli-io';

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
