import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { CliIo, withContext } from './cli-io';

export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('Apply pending database migrations; the one command that may create a new SQLite database')
    .action(async () => {
      const report = (applied: { name: string }[]) =>
        io.out(
          applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.map((m) => m.name).join(', ')}`,
        );
      if (io.openDatabase) {
        const { dataSource, close } = await io.openDatabase({ createDatabase: true });
        try {
          report(await dataSource.runMigrations({ transaction: 'each' }));
        } finally {
          await close();
        }
        return;
      }
      await withContext(
        io,
        async (context) => report(await context.get(DataSource).runMigrations({ transaction: 'each' })),
        { migrationsRun: false, createDatabase: true },
      );
    });
}
