import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface OpenOptions {
  /**
   * `migrate` only: a SQLite database file that does not exist yet may be created. Without it,
   * opening refuses, so that a mistyped DATABASE_URL does not silently give an empty database.
   */
  createDatabase?: boolean;
}

/** What commands need: a booted application context, and where to write their output. */
export interface CliIo {
  /** Opens the application; `close` is called when the command is done. */
  open(
    options?: OpenOptions & { migrationsRun?: boolean },
  ): Promise<{ context: INestApplicationContext; close: () => Promise<void> }>;
  out(line: string): void;
  /**
   * Opens the database alone, without booting the application (whose start-up work, such as
   * creating ADMIN_USERNAME, needs the tables that `migrate` is about to create).
   */
  openDatabase?(options?: OpenOptions): Promise<{ dataSource: DataSource; close: () => Promise<void> }>;
}

/** Runs `action` inside an opened application context, always closing it. */
export async function withContext<T>(
  io: CliIo,
  action: (context: INestApplicationContext) => Promise<T>,
  options?: OpenOptions & { migrationsRun?: boolean },
): Promise<T> {
  const { context, close } = await io.open(options);
  try {
    return await action(context);
  } finally {
    await close();
  }
}
