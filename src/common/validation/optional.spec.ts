import { plainToInstance } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, validateSync } from 'class-validator';
import { IsOptionalNotNull } from './optional';

class Example {
  @IsOptionalNotNull()
  @IsBoolean()
  blocked?: boolean;

  @IsOptional()
  @IsString()
  note?: string | null;
}

const problems = (body: object) => validateSync(plainToInstance(Example, body)).map((e) => e.property);

describe('IsOptionalNotNull', () => {
  it('skips an absent field, checks a present one, and refuses null', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ blocked: true })).toEqual([]);
    expect(problems({ blocked: 'yes' })).toEqual(['blocked']);
    expect(problems({ blocked: null })).toEqual(['blocked']);
  });

  it('where IsOptional lets null through', () => {
    expect(problems({ note: null })).toEqual([]);
  });
});
