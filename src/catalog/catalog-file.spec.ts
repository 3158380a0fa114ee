import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogFile, readCatalogFile } from './catalog-file';

const GRANTS: CatalogFile = { label: 'grant catalog', shipped: 'grants.json', setting: 'GRANTS_FILE' };

describe('readCatalogFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-file-'));
    writeFileSync(join(dir, 'good.json'), '{"grants": {}}');
    writeFileSync(join(dir, 'bad.json'), '{"grants": ');
    writeFileSync(join(dir, 'empty.json'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the shipped default under catalog/', () => {
    const { raw, path } = readCatalogFile(GRANTS);
    expect(path).toMatch(/[/\\]catalog[/\\]grants\.json$/);
    expect(raw).toHaveProperty('grants');
  });

  it('reads a configured file', () => {
    expect(readCatalogFile(GRANTS, join(dir, 'good.json'))).toEqual({
      raw: { grants: {} },
      path: join(dir, 'good.json'),
    });
  });

  it.each([
    ['missing.json', /^Cannot read the grant catalog .*missing\.json \(from GRANTS_FILE\): no such file$/],
    ['bad.json', /^Cannot read the grant catalog .*bad\.json \(from GRANTS_FILE\): not JSON \(/],
    ['empty.json', /^Cannot read the grant catalog .*empty\.json \(from GRANTS_FILE\): not JSON \(/],
    ['.', /^Cannot read the grant catalog .* \(from GRANTS_FILE\): EISDIR/],
  ])('names the file and the setting when %p cannot be read', (name, message) => {
    expect(() => readCatalogFile(GRANTS, join(dir, name))).toThrow(message);
  });

  it('says when the shipped default itself is missing', () => {
    expect(() => readCatalogFile({ ...GRANTS, shipped: 'nonexistent.json' })).toThrow(
      /\(the shipped default; set GRANTS_FILE to use another\): no such file$/,
    );
  });
});
