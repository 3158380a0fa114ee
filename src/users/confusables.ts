import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';

/**
 * Unicode's confusable mappings (UTS #39 confusables.txt, table MA), shipped as
 * catalog/confusables.json by scripts/confusables/generate.sh from the ICU it finds. Node's own
 * ICU has the same data but no API for it. Changing the file changes skeletons: see
 * docs/api.md#look-alike-usernames for what an update needs.
 */
interface ConfusablesFile {
  source: string;
  mappings: Record<string, string>;
}

let loaded: { source: string; map: Map<number, string> } | undefined;

function table(): { source: string; map: Map<number, string> } {
  if (loaded) return loaded;
  const file = JSON.parse(readFileSync(join(projectRoot(), 'catalog', 'confusables.json'), 'utf8')) as ConfusablesFile;
  const fromHex = (hex: string) => String.fromCodePoint(...hex.split(' ').map((h) => parseInt(h, 16)));
  const map = new Map(Object.entries(file.mappings).map(([from, to]) => [parseInt(from, 16), fromHex(to)]));
  loaded = { source: file.source, map };
  return loaded;
}

/** Where the mappings come from, with the ICU and Unicode versions. */
export function confusablesSource(): string {
  return table().source;
}

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

/**
 * UTS #39 §4 skeleton(X): NFD, drop default-ignorable code points (since Unicode 15.1), replace
 * each code point by its prototype, NFD again. Two strings are confusable when their skeletons
 * are equal. Case-sensitive, as the standard defines it.
 */
export function skeleton(text: string): string {
  const { map } = table();
  let out = '';
  for (const ch of text.normalize('NFD')) {
    if (IGNORABLE.test(ch)) continue;
    out += map.get(ch.codePointAt(0)!) ?? ch;
  }
  return out.normalize('NFD');
}
