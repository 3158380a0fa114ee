import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { stacked } from './stacked';

/**
 * The paging fields of list queries (docs/api.md), one rule each: a query string carries text, so each
 * is turned into a number first and must then be a whole number in range, or the request is a 400
 * that names the field. The OpenAPI description states the same range that is enforced.
 */

/** `limit`: how many items a page holds, 1 to `max`; `fallback` when absent. */
export function PageLimit(fallback: number, max: number): PropertyDecorator {
  return stacked(ApiPropertyOptional({ default: fallback, minimum: 1, maximum: max }), ...wholeNumber(1, max));
}

/** `offset`: how many matching items to skip, 0 to `max` (OFFSET reads every row it skips). */
export function PageOffset(max: number): PropertyDecorator {
  return stacked(ApiPropertyOptional({ default: 0, minimum: 0, maximum: max }), ...wholeNumber(0, max));
}

/** `cursor`: the id a list continues after, as the previous page's `nextCursor` gave it. */
export function IdCursor(): PropertyDecorator {
  return stacked(ApiPropertyOptional({ description: "From the previous page's nextCursor." }), ...wholeNumber(1));
}

function wholeNumber(min: number, max?: number): PropertyDecorator[] {
  return [IsOptional(), Type(() => Number), IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)])];
}
