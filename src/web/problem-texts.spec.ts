import 'reflect-metadata';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsHexadecimal,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Messages } from '../catalog/messages';
import { validateForm } from '../common/http/forms';
import { SameAs } from '../common/validation/same-as';
import { fixedKeys, problemText } from './problem-texts';

class EveryRule {
  @IsString() text: unknown;
  @MinLength(8) short: unknown;
  @MaxLength(3) long: unknown;
  @IsEmail() email: unknown;
  @Matches(/^a+$/) pattern: unknown;
  @IsIn(['x', 'y']) choice: unknown;
  @IsInt() whole: unknown;
  @Min(3) small: unknown;
  @Max(3) big: unknown;
  @IsBoolean() flag: unknown;
  @IsArray() list: unknown;
  @ArrayMaxSize(1) many: unknown;
  @SameAs('text') again: unknown;
}

class Unkeyed {
  @IsEmail({}, { message: 'must be an email address' }) known: unknown;
  @MinLength(8, { message: 'needs eight' }) custom: unknown;
  @IsHexadecimal() rare: unknown;
  @IsInt({ each: true }) counts: unknown;
}

const body = {
  text: 3,
  short: 'abc',
  long: 'abcdef',
  email: 'nope',
  pattern: 'b',
  choice: 'z',
  whole: 1.5,
  small: 1,
  big: 9,
  flag: 'yes',
  list: 'no',
  many: [1, 2],
  again: 'x',
  extra: 1,
};

function problems(dto: new () => object, input: object) {
  const form = validateForm(dto, input);
  if (form.ok) throw new Error('expected problems');
  return form.errors;
}

describe('problemText', () => {
  const messages = new Messages();

  it("says each class-validator rule in the page's language, with the rule's arguments", () => {
    const found = problems(EveryRule, body);
    expect(found).toHaveLength(Object.keys(body).length);
    for (const problem of found) {
      // The English catalog says exactly what class-validator says, so English pages are unchanged …
      expect([problem.rule, problemText(messages, 'en', problem)]).toEqual([problem.rule, problem.message]);
      // … and German says it in German.
      expect([problem.rule, problemText(messages, 'de', problem)]).not.toEqual([problem.rule, problem.message]);
    }
    const german = (field: string) =>
      problemText(
        messages,
        'de',
        found.find((p) => p.field === field),
      );
    expect(german('short')).toBe('muss mindestens 8 Zeichen lang sein');
    expect(german('long')).toBe('darf höchstens 3 Zeichen lang sein');
    expect(german('choice')).toBe('muss einer der folgenden Werte sein: x, y');
    expect(german('again')).toBe('muss mit text übereinstimmen');
    expect(german('extra')).toBe('ist kein zulässiges Feld');
  });

  it('says a known custom message by its English text, and leaves anything without a key in English', () => {
    const found = problems(Unkeyed, { known: 'x', custom: 'x', rare: 'x', counts: [1.5] });
    const say = (field: string) =>
      problemText(
        messages,
        'de',
        found.find((p) => p.field === field),
      );
    expect(say('known')).toBe('muss eine E-Mail-Adresse sein');
    // A DTO's own words are not the rule's: never replaced by a sentence that says something else.
    expect(say('custom')).toBe('needs eight');
    expect(say('rare')).toBe('must be a hexadecimal number');
    expect(say('counts')).toBe('each value in counts must be an integer number');
    // Sentences from services, by their English words; strings as well as problems.
    expect(problemText(messages, 'de', { field: 'reason', message: 'is required' })).toBe('ist erforderlich');
    expect(problemText(messages, 'de', 'Incorrect username or password.')).toBe(
      'Benutzername oder Passwort ist falsch.',
    );
    expect(problemText(messages, 'de', 'Something new.')).toBe('Something new.');
    expect(problemText(messages, 'de', undefined)).toBe('');
  });

  it('does not take a rule name or arguments from the problem for more than they are', () => {
    const problem = { message: 'must be longer than or equal to 8 characters', rule: 'minLength' };
    // Without its argument the English does not match: shown as it came.
    expect(problemText(messages, 'de', problem)).toBe(problem.message);
    expect(problemText(messages, 'de', { ...problem, rule: '__proto__', params: { constraint1: '8' } })).toBe(
      problem.message,
    );
    expect(problemText(messages, 'de', { ...problem, params: { constraint1: '8' } })).toBe(
      'muss mindestens 8 Zeichen lang sein',
    );
  });

  it('finds each fixed English sentence under one key only', () => {
    const english = messages.catalog('en');
    const fixed = Object.keys(english).filter((key) => key.startsWith('problem-'));
    expect(fixedKeys(messages).size).toBe(fixed.length);
    for (const key of fixed) expect(english[key]).not.toMatch(/\{[A-Za-z0-9_]+\}/);
  });
});
