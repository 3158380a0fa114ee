import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';

/** The language every other falls back to, key by key; its catalog is the translators' template. */
export const SOURCE_LANGUAGE = 'en';

/** One language's sentences, by key. */
export type MessageCatalog = Readonly<Record<string, string>>;

/**
 * Every user-facing sentence of the pages and mails comes from the catalog: one folder per
 * language under catalog/messages/, its keys split over files by area (core.json, accounts.json,
 * …) so that each part of the site keeps its own. A key defined twice in one language is an error
 * at boot. A language other than English may leave keys out: they show in English (docs/development.md#languages).
 */
export class Messages {
  private readonly catalogs: ReadonlyMap<string, MessageCatalog>;

  constructor(root = join(projectRoot(), 'catalog', 'messages')) {
    const catalogs = new Map<string, MessageCatalog>();
    const languages = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    for (const language of languages) catalogs.set(language, readLanguage(join(root, language), language));
    const source = catalogs.get(SOURCE_LANGUAGE);
    if (!source) throw new Error(`catalog/messages/${SOURCE_LANGUAGE}/ is missing`);
    for (const [language, catalog] of catalogs)
      if (language !== SOURCE_LANGUAGE) catalogs.set(language, Object.freeze({ ...source, ...catalog }));
    this.catalogs = catalogs;
  }

  /** The languages there are catalogs for, English first. */
  get languages(): string[] {
    return [SOURCE_LANGUAGE, ...[...this.catalogs.keys()].filter((l) => l !== SOURCE_LANGUAGE)];
  }

  has(language: string): boolean {
    return this.catalogs.has(language);
  }

  /**
   * The sentence `key` in `language` (English when the language has none), with `{name}` replaced
   * by `params.name`. A missing key shows itself, loudly: ⧼key⧽.
   */
  text(language: string, key: string, params: Record<string, unknown> = {}): string {
    const catalog = this.catalogs.get(language) ?? this.catalogs.get(SOURCE_LANGUAGE)!;
    const message = catalog[key];
    if (message === undefined) return `⧼${key}⧽`;
    return message.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  }

  /** The whole catalog of a language (English for an unknown one). */
  catalog(language: string): MessageCatalog {
    return this.catalogs.get(language) ?? this.catalogs.get(SOURCE_LANGUAGE)!;
  }
}

function readLanguage(folder: string, language: string): MessageCatalog {
  const merged: Record<string, string> = {};
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  for (const file of files) {
    const entries = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(entries)) {
      if (typeof value !== 'string') throw new Error(`catalog/messages/${language}/${file}: ${key} is not a string`);
      if (Object.hasOwn(merged, key)) throw new Error(`catalog/messages/${language}: ${key} is defined twice`);
      merged[key] = value;
    }
  }
  return Object.freeze(merged);
}
