import { Type } from '@nestjs/common';
import * as argon2 from 'argon2';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/app.setup';
import { AppConfig } from '../../src/common/config/app-config.service';
import { loadConfig } from '../../src/common/config/load-config';
import { MailTransport } from '../../src/mail/mail-transport';
import { PasswordHasher } from '../../src/users/password-hasher';
import { createTestDatabase, DatabaseKind, TestDatabase } from './databases';
import { RecordingMailTransport } from './recording-mail';

export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789';

/**
 * argon2id at a test cost (1 MiB, one pass, one lane) instead of the real 64 MiB × 3 × 4: the
 * suite checks what is done with passwords, not how long hashing takes, and the real cost was most
 * of its time. Servers started from main.ts (CLI, shutdown and multi-instance tests) keep it.
 */
class TestPasswordHasher extends PasswordHasher {
  override hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  /** The Node server, for supertest. */
  server: ReturnType<NestFastifyApplication['getHttpServer']>;
  config: AppConfig;
  mail: RecordingMailTransport;
  dataSource: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule, configured exactly as main.ts does, on a fresh database of the
 * given kind. Only the mail transport is replaced (by a recorder).
 */
export async function createTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  extraModules: Type[] = [],
): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: TEST_SECRET_KEY,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://consentry.test',
    PROPOSALS_PER_HOUR: '1000',
    ...env,
  });
  const mail = new RecordingMailTransport();
  let app: NestFastifyApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config), ...extraModules] })
      .overrideProvider(MailTransport)
      .useValue(mail)
      .overrideProvider(PasswordHasher)
      .useClass(TestPasswordHasher)
      .compile();
    const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(config, logger), {
      logger: false,
      rawBody: true,
    });
    await configureApp(app, config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // A boot that fails on purpose (a bad configuration file) must not leak its database.
    await app?.close().catch(() => undefined);
    await database.drop();
    throw error;
  }
  return started(app, config, mail, database);
}

function started(
  app: NestFastifyApplication,
  config: AppConfig,
  mail: RecordingMailTransport,
  database: TestDatabase,
): TestApp {
  return {
    app,
    config,
    mail,
    database,
    server: app.getHttpServer(),
    dataSource: app.get(DataSource),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
