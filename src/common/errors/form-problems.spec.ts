import { AppError } from './app-error';
import { formProblems } from './form-problems';

describe('formProblems', () => {
  it('field problems with their status, or the message as one line', () => {
    expect(formProblems(AppError.badRequest('Give a reason.', [{ field: 'reason', message: 'is required' }]))).toEqual({
      status: 400,
      errors: [{ field: 'reason', message: 'is required' }],
    });
    expect(formProblems(new AppError(409, 'conflict', 'Someone changed it first.'))).toEqual({
      status: 409,
      errors: [{ field: '', message: 'Someone changed it first.' }],
    });
  });

  it('server errors, and a 404 where the page is gone, go on to the exception filter', () => {
    const unexpected = new Error('database away');
    expect(() => formProblems(unexpected)).toThrow(unexpected);
    const gone = new AppError(404, 'not_found', 'No such consumer.');
    expect(() => formProblems(gone, { pageGone: true })).toThrow(gone);
    expect(formProblems(gone).status).toBe(404);
  });

  it('a 429 goes on to the exception filter, whose page carries Retry-After', () => {
    const limited = AppError.tooManyRequests('Slow down.', 30);
    expect(() => formProblems(limited)).toThrow(limited);
  });
});
