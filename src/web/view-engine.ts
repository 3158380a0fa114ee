import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Handlebars, { HelperOptions } from 'handlebars';
import type { GrantDescription } from '../catalog/grant-catalog';
import { Messages, SOURCE_LANGUAGE } from '../catalog/messages';
import { grantText } from './grant-descriptions';
import { projectRoot } from '../common/project-root';
import { registerFormErrorHelpers } from './form-errors';
import { problemText } from './problem-texts';
import { timeElement } from './time-element';

/** Every page names its layout when it renders (@fastify/view allows a global one or per-render ones, not both). */
export const MAIN_LAYOUT = 'layouts/main.hbs';

/** The page's language, which PagesService puts in every page's context. */
function languageOf(options: HelperOptions): string {
  const root = (options.data as { root?: { lang?: unknown } } | undefined)?.root;
  return typeof root?.lang === 'string' ? root.lang : SOURCE_LANGUAGE;
}

/**
 * Server-rendered pages: Handlebars through @fastify/view (escapes every `{{value}}`), one layout,
 * and a `t` helper that reads the message catalog in the page's language:
 * `{{t "key" name=value}}` fills `{name}`. A missing key shows itself, loudly. `{{problem value}}`
 * says a problem reported in English by code in the page's language where it can (problem-texts.ts).
 */
export function setupViews(app: NestFastifyApplication): void {
  const messages = app.get(Messages);
  const hbs = Handlebars.create();
  hbs.registerHelper('t', (key: string, options: HelperOptions) =>
    messages.text(languageOf(options), key, options.hash as Record<string, unknown>),
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('stage', (name: string, options: HelperOptions) => {
    const text = messages.text(languageOf(options), `stage-${name}`);
    return text.startsWith('⧼') ? name : text;
  });
  hbs.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  );
  hbs.registerHelper('time', (value: unknown, options: HelperOptions) => timeElement(hbs, value, languageOf(options)));
  // A grant as people read it, in the page's language (grant-descriptions.ts), and its risk word.
  hbs.registerHelper('grant', (grant: GrantDescription, options: HelperOptions) =>
    grantText(messages, languageOf(options), grant),
  );
  hbs.registerHelper('risk', (risk: string, options: HelperOptions) => {
    const text = messages.text(languageOf(options), `grant-risk-${risk}`);
    return text.startsWith('⧼') ? risk : text;
  });
  // Problems reported in English by code, in the page's language where the catalog says them.
  const problem = (value: unknown, options: HelperOptions) => problemText(messages, languageOf(options), value);
  hbs.registerHelper('problem', problem);
  registerFormErrorHelpers(hbs, problem);
  const root = projectRoot();
  app.setViewEngine({
    engine: { handlebars: hbs },
    templates: join(root, 'views'),
    options: {
      partials: {
        'form-errors': 'partials/form-errors.hbs',
        'field-error': 'partials/field-error.hbs',
        'consumer-pager': 'partials/consumer-pager.hbs',
        'consumer-fields': 'partials/consumer-fields.hbs',
        'log-list': 'partials/log-list.hbs',
      },
    },
  });
  app.useStaticAssets({ root: join(root, 'public'), prefix: '/static/', decorateReply: false });
}
