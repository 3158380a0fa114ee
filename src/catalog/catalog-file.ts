import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';

/** A catalog an operator may replace: what it is called, its shipped default and the setting that names another. */
export interface CatalogFile {
  /** In an operator's words: "grant catalog". */
  readonly label: string;
  /** The shipped default, a file under catalog/. */
  readonly shipped: string;
  /** The environment variable that names another file. */
  readonly setting: string;
}

/**
 * The parsed JSON of a catalog: the file `configured` names, or the shipped default. A missing,
 * unreadable or non-JSON file stops the boot with one message naming the file and the setting.
 * Checking the content is each catalog's own business.
 */
export function readCatalogFile(catalog: CatalogFile, configured?: string): { raw: unknown; path: string } {
  const path = configured ?? join(projectRoot(), 'catalog', catalog.shipped);
  const fail = (problem: string): Error => {
    const origin =
      configured === undefined
        ? `the shipped default; set ${catalog.setting} to use another`
        : `from ${catalog.setting}`;
    return new Error(`Cannot read the ${catalog.label} ${path} (${origin}): ${problem}`);
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  try {
    return { raw: JSON.parse(text) as unknown, path };
  } catch (error) {
    throw fail(`not JSON (${(error as Error).message})`);
  }
}
