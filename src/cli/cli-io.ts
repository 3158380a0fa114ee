import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What commands need: a booted application context, and where to write their output. */
export interface CliIo {
  /** Opens the application; `close` is called when the command is done. */
  open(options?: {
    migrationsRun?: boolean;
  }): Promise<{ context: INestApplicationContext; close: () => Promise<void> }>;
  out(line: string): void;
  /**
   * Opens the database alone, without booting the application (whose start-up work, such as
   * creating ADMIN_USERNAME, needs the tables that `migrate` is about to create).
   */
  openDatabase?(): Promise<{ dataSource: DataSource; close: () => Promise<void> }>;
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
