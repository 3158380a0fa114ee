import { createHash } from 'node:crypto';
import { skeleton } from './confusables';

/**
 * Usernames follow MediaWiki's spirit: up to 85 characters, no characters that break titles,
 * links or the `user@domain` form, no leading/trailing or repeated spaces.
 */
export const USERNAME_PATTERN = /^(?! )(?!.* $)(?!.* {2})[^@:/#<>[\]|{}\u0000-\u001f\u007f]{1,85}$/u;

/** The uniqueness key: NFKC-normalized and lower-cased, so "Alice" and "alice" are one account. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

/** Why a name is refused: `code` is MediaWiki AntiSpoof's message key where it has one. */
export interface UsernameProblem {
  code: string;
  message: string;
}

/**
 * Characters no name may hold (docs/api.md#look-alike-usernames): they hide, reorder or
 * disguise what is shown. U+2800 (braille blank) is a visible-width nothing outside \p{Cf}.
 */
const REFUSED: [RegExp, string, string][] = [
  [/\p{Cc}/u, 'antispoof-blacklisted', 'a control character'],
  [/[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u, 'antispoof-blacklisted', 'an invisible or formatting character'],
  [/(?! )[\p{White_Space}\p{Zl}\p{Zp}]/u, 'antispoof-blacklisted', 'a space other than the ordinary space'],
  [/[\p{Cn}\p{Co}\p{Cs}]/u, 'antispoof-unassigned', 'an unassigned or private-use character'],
];

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first reason to refuse `username` as a new name, or undefined. Run after USERNAME_PATTERN. */
export function usernameProblem(username: string): UsernameProblem | undefined {
  if (typeof username !== 'string') return { code: 'antispoof-badtype', message: 'is not a string' };
  for (const ch of username) {
    const refused = REFUSED.find(([pattern]) => pattern.test(ch));
    if (refused) return { code: refused[1], message: `contains ${codePoint(ch)}, ${refused[2]}` };
  }
  // The stored key (usernameKey) has room for 255 characters; a few characters expand 18-fold under NFKC.
  if (usernameKey(username).length > 255)
    return { code: 'username-too-long', message: 'is too long once normalized (NFKC)' };
  return markProblem(username.normalize('NFD'));
}

/** Combining marks: none first (AntiSpoof), no mark twice in a row nor more than 4 in a row (UTS #39 §5.4). */
function markProblem(nfd: string): UsernameProblem | undefined {
  const chars = [...nfd];
  const combining = (message: string) => ({ code: 'antispoof-combining', message });
  if (/\p{M}/u.test(chars[0] ?? '')) return combining(`begins with a combining mark (${codePoint(chars[0])})`);
  let run = 0;
  for (let i = 1; i < chars.length; i++) {
    run = /\p{Mn}/u.test(chars[i]) ? run + 1 : 0;
    if (run > 1 && chars[i] === chars[i - 1]) return combining(`repeats the combining mark ${codePoint(chars[i])}`);
    if (run > 4) return combining('stacks more than 4 combining marks on one letter');
  }
  return undefined;
}

const INHERITED_MARK = /(?=\p{M})\p{Script=Inherited}/gu;
const ASCII_PUNCTUATION = /[\u0020-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007e]/g;

/** One step of lookAlikeKey: skeleton, then case and accents folded away. */
function fold(text: string): string {
  // NFKD: some prototypes are compatibility characters (º₀ for %). Capital I's prototype is l while I is i to
  // usernameKey: so i joins l, or "АDMIN" (Cyrillic А) would pass beside "admin".
  return skeleton(text).toLowerCase().normalize('NFKD').replace(INHERITED_MARK, '').replaceAll('i', 'l');
}

/**
 * What makes two names look alike (docs/api.md#look-alike-usernames): the UTS #39 skeleton of
 * the NFKD form, lower-cased and repeated until stable (case-insensitive names); then, as
 * MediaWiki's AntiSpoof does, accents (combining marks of no script of their own) and ASCII
 * punctuation and spaces squeezed out. A name of punctuation alone keeps its punctuation.
 */
export function lookAlikeKey(username: string): string {
  let key = username.normalize('NFKD');
  for (let round = 0; round < 5; round++) {
    const next = fold(key);
    if (next === key) break;
    key = next;
  }
  return key.replace(ASCII_PUNCTUATION, '') || key;
}

/** Stored in users.skeletonHash under a unique index: fixed width, and free of collation rules. */
export function lookAlikeHash(username: string): string {
  return createHash('sha256').update(lookAlikeKey(username), 'utf8').digest('hex');
}

/** A name safe to echo in a message: characters that would hide or reorder text become `<U+XXXX>`. */
export function displayUsername(username: string): string {
  return [...username]
    .map((ch) => (REFUSED.some(([pattern]) => pattern.test(ch)) ? `<${codePoint(ch)}>` : ch))
    .join('');
}

/** Every character outside printable ASCII as `<U+XXXX>`: how an operator tells look-alikes apart. */
export function spellOut(username: string): string {
  return [...username].map((ch) => (/[\u0020-\u007e]/.test(ch) ? ch : `<${codePoint(ch)}>`)).join('');
}
