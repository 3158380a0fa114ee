import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { AppModule } from './app.module';
import { createAdapter } from './app.setup';
import { loadConfig } from './common/config/load-config';
import { projectRoot } from './common/project-root';
import { buildOpenApiDocument } from './openapi/openapi.setup';

/** `npm run openapi`: writes the committed openapi.json (an in-memory database, nothing else touched). */
async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    SECRET_KEY: 'openapi-generation-only-0123456789abcdef',
    LOG_LEVEL: 'warn',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createAdapter(config, pino({ level: 'warn' })),
    { logger: false },
  );
  const document = buildOpenApiDocument(app);
  const file = join(projectRoot(), 'openapi.json');
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  process.stdout.write(`Wrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
