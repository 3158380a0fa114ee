import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { CliIo, withContext } from './program';

export function registerMigrateCommand(program: Command, io: CliIo): void {
  program.command('migrate')
    .description('Apply pending database migrations')
    .action(() => withContext(io, async (context) => {
      const applied = await context.get(DataSource).runMigrations({ transaction: 'each' });
      io.out(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.map((m) => m.name).join(', ')}`);
    }, { migrationsRun: false }));
}
