import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';
import { CsrfField, NewPasswordField, PasswordAgainField, ReturnToField } from './form-fields';
import { IsOptionalNotNull } from './optional';
import { IdCursor, PageLimit, PageOffset } from './paging';
import { SameAs } from './same-as';

/** The rule stacks the shared decorators replaced, written out as they were. */
class Written {
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(256)
  _csrf?: unknown;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2048)
  returnTo?: unknown;

  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  password?: unknown;

  @SameAs('password', { message: 'The two passwords are not the same.' })
  @IsString()
  @MaxLength(1024)
  passwordConfirm?: unknown;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: unknown;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  offset?: unknown;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  cursor?: unknown;
}

class Shared {
  @CsrfField() _csrf?: unknown;
  @ReturnToField() returnTo?: unknown;
  @NewPasswordField() password?: unknown;
  @PasswordAgainField('password') passwordConfirm?: unknown;
  @PageLimit(50, 200) limit?: unknown;
  @PageOffset(1000) offset?: unknown;
  @IdCursor() cursor?: unknown;
}

const answer = (cls: new () => object, values: Record<string, unknown>) =>
  validateSync(plainToInstance(cls, values)).map((e) => [e.property, Object.entries(e.constraints ?? {})]);

const FIELDS = ['_csrf', 'returnTo', 'password', 'passwordConfirm', 'limit', 'offset', 'cursor'];
const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'short',
  'long enough',
  'x'.repeat(3000),
  '0',
  '1',
  '200',
  '201',
  '1.5',
  'abc',
  7,
  -1,
  true,
  ['1'],
  { a: 1 },
];

describe('shared field decorators', () => {
  it.each(VALUES.map((value) => [JSON.stringify(value) ?? 'undefined', value]))(
    'answer %s exactly as the rule stacks they replace: the same rules, messages and order',
    (_label, value) => {
      const values = Object.fromEntries(FIELDS.map((field) => [field, value]));
      expect(answer(Shared, values)).toEqual(answer(Written, values));
    },
  );

  it('refuses what the stacks refuse: a short password, a different confirmation, a limit out of range', () => {
    const fields = (values: Record<string, unknown>) => answer(Shared, values).map(([field]) => field);
    expect(fields({ password: 'long enough', passwordConfirm: 'long enough', limit: '200' })).toEqual([]);
    expect(fields({ password: 'short', passwordConfirm: 'other', limit: '201', offset: '-1', cursor: '0' })).toEqual([
      'password',
      'passwordConfirm',
      'limit',
      'offset',
      'cursor',
    ]);
  });
});
