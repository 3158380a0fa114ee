import { Messages, SOURCE_LANGUAGE } from '../catalog/messages';

/** A form's or a page's problem as code reports it: English words, and what they are (validateForm). */
export interface Problem {
  message: string;
  /** The class-validator rule that failed, e.g. `minLength` (common/errors/validation-errors.ts). */
  rule?: unknown;
  /** That rule's arguments: `{ constraint1: '8' }`. */
  params?: unknown;
}

/** Keys whose English text is, word for word, a problem code reports (catalog/messages/en/problems.json). */
const FIXED_PREFIX = 'problem-';
/** Keys of class-validator's rules: `rule-<name>`, in English exactly class-validator's own message. */
const RULE_PREFIX = 'rule-';

const fixedTexts = new WeakMap<Messages, ReadonlyMap<string, string>>();

/**
 * A problem in the page's language (docs/development.md#languages). Code — DTOs, services, the API —
 * reports problems in English, the API's language. A page says them in its own when it can:
 * a failed class-validator rule by its `rule-<name>` key with the rule's arguments, provided that
 * key's English is what class-validator said (a custom `message` in a DTO is not the rule's
 * default); any other English sentence by the `problem-*` key with exactly that English text.
 * Anything else shows as it came, in English: a new rule or message without a key is still
 * understood, and is never replaced by a sentence that says something else.
 */
export function problemText(messages: Messages, language: string, problem: unknown): string {
  const { message, rule, params } = asProblem(problem);
  if (typeof rule === 'string' && /^[A-Za-z]{1,64}$/.test(rule)) {
    const key = `${RULE_PREFIX}${rule}`;
    const values = asParams(params);
    if (messages.text(SOURCE_LANGUAGE, key, values) === message) return messages.text(language, key, values);
  }
  const fixed = fixedKeys(messages).get(message);
  return fixed ? messages.text(language, fixed) : message;
}

/** The `problem-*` keys by their English text (built once per catalog). */
export function fixedKeys(messages: Messages): ReadonlyMap<string, string> {
  let table = fixedTexts.get(messages);
  if (!table) {
    const entries = Object.entries(messages.catalog(SOURCE_LANGUAGE))
      .filter(([key]) => key.startsWith(FIXED_PREFIX))
      .map(([key, text]): [string, string] => [text, key]);
    table = new Map(entries);
    fixedTexts.set(messages, table);
  }
  return table;
}

function asProblem(problem: unknown): Problem {
  if (typeof problem === 'string') return { message: problem };
  if (typeof problem === 'object' && problem !== null && typeof (problem as Problem).message === 'string')
    return problem as Problem;
  return { message: '' };
}

function asParams(params: unknown): Record<string, string> {
  if (typeof params !== 'object' || params === null) return {};
  return Object.fromEntries(
    Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
