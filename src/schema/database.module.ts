import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { takeSqliteInTurns } from '../database/sqlite-transactions';
import { AppConfig } from '../common/config/app-config.service';
import { buildDataSourceOptions } from './data-source-options';

/**
 * The application's connection, from the same options as ormconfig.ts; migrations run at start
 * unless MIGRATIONS_RUN=false.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database, { migrationsRun: config.migrationsRun }),
        // Boot fails fast with the real error instead of retrying for half a minute.
        retryAttempts: 0,
      }),
      // After the migrations: SQLite's one connection taken in turns by transactions (sqlite-transactions.ts).
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        takeSqliteInTurns(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
