import type { INestApplicationContext } from '@nestjs/common';
import { buildProgram } from '../../src/cli/program';

/**
 * Runs one command in this process against the test app, the way `npm run cli -- …` runs it
 * against a fresh one, and returns the lines it printed. A refused command rejects.
 */
export async function runCli(app: INestApplicationContext, ...args: string[]): Promise<string[]> {
  const out: string[] = [];
  const program = buildProgram({
    // The test's application stays open: the command's `close` leaves it alone.
    open: async () => ({ context: app, close: async () => undefined }),
    out: (line) => out.push(line),
  });
  // Subcommands copy the output settings when they are added: silence each one's usage message.
  for (const command of [program, ...program.commands]) command.configureOutput({ writeErr: () => undefined });
  await program.parseAsync(['node', 'cli', ...args]);
  return out;
}
