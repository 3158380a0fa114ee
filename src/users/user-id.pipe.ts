import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

/** A path id: a positive 32-bit integer, or 400 (never a database error). */
@Injectable()
export class UserIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2147483647) {
      throw AppError.badRequest('The user id must be a positive integer.', [
        { field: 'id', message: 'must be a positive integer' },
      ]);
    }
    return Number(value);
  }
}
