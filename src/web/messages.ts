import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';

/**
 * Every user-facing sentence of the pages comes from one catalog per language, so that
 * translations are a file, not a code change. English is the only one so far.
 */
export function loadMessages(language = 'en'): Record<string, string> {
  return JSON.parse(readFileSync(join(projectRoot(), 'catalog', 'messages', `${language}.json`), 'utf8')) as Record<
    string,
    string
  >;
}
