import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';
import { Messages } from './messages';

describe('Messages', () => {
  let root: string;
  const write = (language: string, file: string, entries: Record<string, unknown>) => {
    mkdirSync(join(root, language), { recursive: true });
    writeFileSync(join(root, language, file), JSON.stringify(entries));
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'messages-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("merges a language's files, fills {name} parameters, and falls back to English key by key", () => {
    write('en', 'core.json', { hello: 'Hello, {name}!', bye: 'Goodbye' });
    write('en', 'more.json', { count: '{n} apps' });
    write('de', 'core.json', { hello: 'Hallo, {name}!' });
    const messages = new Messages(root);
    expect(messages.languages).toEqual(['en', 'de']);
    expect(messages.text('de', 'hello', { name: 'Ada' })).toBe('Hallo, Ada!');
    expect(messages.text('de', 'bye')).toBe('Goodbye');
    expect(messages.text('en', 'count', { n: 3 })).toBe('3 apps');
    // An unknown language is English; a parameter not given stays visible; a missing key shows itself.
    expect(messages.text('xx', 'hello')).toBe('Hello, {name}!');
    expect(messages.text('en', 'nope')).toBe('⧼nope⧽');
  });

  it('does not let a parameter value be read as a placeholder or reach the prototype', () => {
    write('en', 'core.json', { a: '{x} and {y}' });
    const messages = new Messages(root);
    expect(messages.text('en', 'a', { x: '{y}', y: 'why' })).toBe('{y} and why');
    expect(messages.text('en', 'a', JSON.parse('{"__proto__": {"x": "polluted"}}') as Record<string, unknown>)).toBe(
      '{x} and {y}',
    );
  });

  it('refuses at boot a key defined twice in one language, a value that is not text, and no English', () => {
    write('en', 'a.json', { same: 'one' });
    write('en', 'b.json', { same: 'two' });
    expect(() => new Messages(root)).toThrow('catalog/messages/en: same is defined twice');
    rmSync(join(root, 'en', 'b.json'));
    write('en', 'b.json', { number: 3 });
    expect(() => new Messages(root)).toThrow('catalog/messages/en/b.json: number is not a string');
    rmSync(join(root, 'en'), { recursive: true });
    write('de', 'a.json', {});
    expect(() => new Messages(root)).toThrow('catalog/messages/en/ is missing');
  });

  it('ships catalogs whose translations use only keys and parameters English has', () => {
    const messages = new Messages();
    const english = messages.catalog('en');
    const params = (text: string) => [...text.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]).sort();
    for (const language of messages.languages.filter((l) => l !== 'en')) {
      for (const [key, text] of Object.entries(messages.catalog(language))) {
        expect([language, key, key in english]).toEqual([language, key, true]);
        expect([language, key, params(text)]).toEqual([language, key, params(english[key])]);
      }
    }
  });

  it('ships German complete: every English file has a German one with every key of it, and no other', () => {
    const root = join(projectRoot(), 'catalog', 'messages');
    const read = (language: string, file: string) =>
      JSON.parse(readFileSync(join(root, language, file), 'utf8')) as Record<string, string>;
    const files = (language: string) =>
      readdirSync(join(root, language))
        .filter((f) => f.endsWith('.json'))
        .sort();
    // German's own files, not the merged catalog (which fills every gap with English).
    expect(files('de')).toEqual(files('en'));
    for (const file of files('en')) {
      const missing = Object.keys(read('en', file)).filter((key) => !Object.hasOwn(read('de', file), key));
      expect([file, missing]).toEqual([file, []]);
    }
  });
});
