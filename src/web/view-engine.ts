import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Handlebars from 'handlebars';
import { projectRoot } from '../common/project-root';
import { loadMessages } from './messages';

/**
 * Server-rendered pages: Handlebars through @fastify/view (escapes every `{{value}}`), one layout,
 * and a `t` helper that reads the message catalog. A missing key shows itself, loudly.
 */
export function setupViews(app: NestFastifyApplication): void {
  const messages = loadMessages();
  const hbs = Handlebars.create();
  hbs.registerHelper('t', (key: string) => messages[key] ?? `⧼${key}⧽`);
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const root = projectRoot();
  app.setViewEngine({
    engine: { handlebars: hbs },
    templates: join(root, 'views'),
    layout: 'layouts/main.hbs',
    options: { partials: { 'form-errors': 'partials/form-errors.hbs' } },
  });
  app.useStaticAssets({ root: join(root, 'public'), prefix: '/static/', decorateReply: false });
}
