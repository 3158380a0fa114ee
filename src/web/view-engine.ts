import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Handlebars from 'handlebars';
import { projectRoot } from '../common/project-root';
import { loadMessages } from './messages';

/** Every page names its layout when it renders (@fastify/view allows a global one or per-render ones, not both). */
export const MAIN_LAYOUT = 'layouts/main.hbs';

/**
 * Server-rendered pages: Handlebars through @fastify/view (escapes every `{{value}}`), one layout,
 * and a `t` helper that reads the message catalog. A missing key shows itself, loudly.
 */
export function setupViews(app: NestFastifyApplication): void {
  const messages = loadMessages();
  const hbs = Handlebars.create();
  hbs.registerHelper('t', (key: string) => messages[key] ?? `⧼${key}⧽`);
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('stage', (name: string) => messages[`stage-${name}`] ?? name);
  hbs.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  );
  const root = projectRoot();
  app.setViewEngine({
    engine: { handlebars: hbs },
    templates: join(root, 'views'),
    options: {
      partials: {
        'form-errors': 'partials/form-errors.hbs',
        'consumer-fields': 'partials/consumer-fields.hbs',
        'log-list': 'partials/log-list.hbs',
      },
    },
  });
  app.useStaticAssets({ root: join(root, 'public'), prefix: '/static/', decorateReply: false });
}
