import { Command } from 'commander';
import { packageVersion } from '../common/package-version';
import { registerConsumerCommands } from './consumer.commands';
import { registerKeyCommands } from './keys.commands';
import { registerMigrateCommand } from './migrate.command';
import { registerUserCommands } from './user.commands';
import { registerUserListCommand } from './user-list.command';
import type { CliIo } from './cli-io';

export type { CliIo } from './cli-io';

/** `npm run cli -- <command>`: operator tasks that later issues extend. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('consentry')
    .description('Consentry administration')
    .version(packageVersion(), '-V, --version', 'print the version')
    // Program options only before the command: `consumer:create --version 1.0` is the consumer's.
    .enablePositionalOptions()
    .showHelpAfterError()
    // Throw instead of exiting, so callers (cli.ts, tests) decide; set before commands inherit it.
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()) });
  registerUserCommands(program, io);
  registerUserListCommand(program, io);
  registerConsumerCommands(program, io);
  registerKeyCommands(program, io);
  registerMigrateCommand(program, io);
  return program;
}
