import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';
import { displayUsername, lookAlikeHash, lookAlikeKey, usernameKey, usernameProblem } from './username';

describe('usernameProblem', () => {
  it.each(['admin', 'Alice Liddell', 'José', 'Zoë', 'Ада', '山田太郎', 'नमस्ते', "O'Brien", 'a.b-c_d', '12345', 'ǅemal'])(
    'accepts %p',
    (name) => {
      expect(usernameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['admin\u200d', 'antispoof-blacklisted', 'U+200D, an invisible or formatting character'], // zero-width joiner
    ['ad\u200cmin', 'antispoof-blacklisted', 'U+200C, an invisible or formatting character'], // zero-width non-joiner
    ['ad\u200bmin', 'antispoof-blacklisted', 'U+200B, an invisible or formatting character'], // zero-width space
    ['ad\u00admin', 'antispoof-blacklisted', 'U+00AD, an invisible or formatting character'], // soft hyphen
    ['\u202enimda', 'antispoof-blacklisted', 'U+202E, an invisible or formatting character'], // right-to-left override
    ['admin\u2066', 'antispoof-blacklisted', 'U+2066, an invisible or formatting character'], // left-to-right isolate
    ['admin\u200f', 'antispoof-blacklisted', 'U+200F, an invisible or formatting character'], // right-to-left mark
    ['\ufeffadmin', 'antispoof-blacklisted', 'U+FEFF, an invisible or formatting character'],
    ['admin\u{e0041}', 'antispoof-blacklisted', 'U+E0041, an invisible or formatting character'], // tag character
    ['admin\ufe0f', 'antispoof-blacklisted', 'U+FE0F, an invisible or formatting character'], // variation selector
    // combining grapheme joiner
    ['ad\u034fmin', 'antispoof-blacklisted', 'U+034F, an invisible or formatting character'],
    ['\u3164', 'antispoof-blacklisted', 'U+3164, an invisible or formatting character'], // Hangul filler
    ['\u2800admin', 'antispoof-blacklisted', 'U+2800, an invisible or formatting character'], // braille blank
    ['admin\u00a0', 'antispoof-blacklisted', 'U+00A0, a space other than the ordinary space'], // no-break space
    ['ad\u3000min', 'antispoof-blacklisted', 'U+3000, a space other than the ordinary space'],
    ['ad\u2028min', 'antispoof-blacklisted', 'U+2028, a space other than the ordinary space'],
    ['ad\u0085min', 'antispoof-blacklisted', 'U+0085, a control character'],
    ['ad\u0009min', 'antispoof-blacklisted', 'U+0009, a control character'],
    ['ad\ue000min', 'antispoof-unassigned', 'U+E000, an unassigned or private-use character'],
    ['ad\u0378min', 'antispoof-unassigned', 'U+0378, an unassigned or private-use character'],
    ['ad\ud800min', 'antispoof-unassigned', 'U+D800, an unassigned or private-use character'], // lone surrogate
    ['\u0301admin', 'antispoof-combining', 'begins with a combining mark (U+0301)'],
    ['adma\u0301\u0301n', 'antispoof-combining', 'repeats the combining mark U+0301'],
    ['adma\u0300\u0301\u0302\u0303\u0304n', 'antispoof-combining', 'stacks more than 4 combining marks'],
  ])('refuses %p (%s: %s)', (name, code, message) => {
    expect(usernameProblem(name)).toEqual({ code, message: expect.stringContaining(message) });
  });

  it('refuses a name whose normalized form outgrows the stored key', () => {
    expect(usernameProblem('\ufdfa'.repeat(20))).toEqual({
      code: 'username-too-long',
      message: expect.stringContaining('too long'),
    });
  });

  it('refuses what is not a string', () => {
    expect(usernameProblem(42 as unknown as string)).toEqual({ code: 'antispoof-badtype', message: 'is not a string' });
  });
});

describe('lookAlikeKey', () => {
  it.each([
    ['\u0430dmin', 'Cyrillic а'],
    ['Admin', 'case'],
    ['\u0410dmin', 'Cyrillic capital А'],
    ['\u0410DMIN', 'Cyrillic А and a capital I, which is i'],
    ['ad min', 'a space inside (MediaWiki squeezes spaces)'],
    ['ad_min', 'an underscore, which MediaWiki reads as a space'],
    ['ad-min', 'ASCII punctuation (squeezed, as AntiSpoof does)'],
    ['admi\u0301n', 'a combining accent'],
    ['\u00e1dmin', 'a precomposed accent'],
    ['adm\u0131n', 'dotless i'],
    ['adm\u0456n', 'Cyrillic і'],
    ['adrnin', 'rn for m'],
    ['\uff41\uff44\uff4d\uff49\uff4e', 'fullwidth letters'],
    ['admin\u00b4', 'a spacing acute accent'],
    ['ad\u200dmin', 'a zero-width joiner (refused anyway, listed for old rows)'],
  ])('makes %p (%s) a look-alike of admin', (name) => {
    expect(lookAlikeKey(name)).toBe(lookAlikeKey('admin'));
  });

  it.each([
    ['\u0412\u041e\u0412', 'BOB', 'Cyrillic capitals'],
    ['b0b', 'bob', 'a zero'],
    ['Ilya', 'llya', 'capital I and small l'],
    ['\ufb01sh', 'fish', 'the fi ligature'],
    ['p\u0430yp\u0430l', 'PayPal', 'Cyrillic а and case'],
    ['\u0391\u0392\u0395', 'abe', 'Greek capitals'],
  ])('makes %p a look-alike of %p (%s)', (a, b) => {
    expect(lookAlikeKey(a)).toBe(lookAlikeKey(b));
  });

  it.each([
    ['admin', 'admins'],
    ['alice', 'bob'],
    ['Ада', 'Ада2'],
    ['!!!', '???'],
    ['山田', '山本'],
    ['José', 'Josue'],
    ['नमस्ते', 'नमस्त'],
  ])('keeps %p and %p apart', (a, b) => {
    expect(lookAlikeKey(a)).not.toBe(lookAlikeKey(b));
  });

  it('is stable: the key of a key is itself, for every character the confusables table maps', () => {
    const file = join(projectRoot(), 'catalog', 'confusables.json');
    const table = JSON.parse(readFileSync(file, 'utf8')) as { mappings: Record<string, string> };
    const names = [
      ...Object.keys(table.mappings).map((hex) => String.fromCodePoint(parseInt(hex, 16))),
      'ǄEMAL',
      'Ⅻ',
      'İstanbul',
      'ﷺ',
    ];
    const unstable = names.filter((name) => lookAlikeKey(lookAlikeKey(name)) !== lookAlikeKey(name));
    expect(unstable).toEqual([]);
  });

  it('hashes the key to 64 hex digits, one hash per look-alike group', () => {
    expect(lookAlikeHash('admin')).toMatch(/^[0-9a-f]{64}$/);
    expect(lookAlikeHash('\u0430dmin')).toBe(lookAlikeHash('Admin'));
    expect(lookAlikeHash('admin')).not.toBe(lookAlikeHash('admins'));
  });

  it('still lets usernameKey tell case variants apart from look-alikes', () => {
    expect(usernameKey('ADMIN')).toBe('admin');
    expect(usernameKey('\u0430dmin')).not.toBe('admin');
  });
});

describe('displayUsername', () => {
  it('shows characters that would hide or reorder text as code points', () => {
    expect(displayUsername('admin')).toBe('admin');
    expect(displayUsername('\u202enimda\u200d')).toBe('<U+202E>nimda<U+200D>');
    expect(displayUsername('Ада')).toBe('Ада');
  });
});
