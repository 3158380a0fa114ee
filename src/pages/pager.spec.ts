import { pager } from './pager';

describe('pager', () => {
  const href = (n: number) => `?page=${n}`;
  const numbers = (p: ReturnType<typeof pager>) => p.pages.map((l) => l.number ?? '…');

  it('has one page, without previous or next, for an empty or short list', () => {
    expect(pager(1, 0, 20, href)).toEqual({
      pages: [{ number: 1, href: '?page=1', current: true }],
      previous: undefined,
      next: undefined,
      count: 1,
    });
  });

  it('shows the first, the last and two either side of the current page, with gaps', () => {
    const p = pager(10, 400, 20, href);
    expect(numbers(p)).toEqual([1, '…', 8, 9, 10, 11, 12, '…', 20]);
    expect(p.pages.find((l) => l.current)?.number).toBe(10);
    expect(p.previous).toBe('?page=9');
    expect(p.next).toBe('?page=11');
  });

  it('has no next link on the last page, and points back into range from past it', () => {
    expect(pager(3, 41, 20, href).next).toBeUndefined();
    const past = pager(9, 41, 20, href);
    expect(past.next).toBeUndefined();
    expect(past.previous).toBe('?page=3');
  });
});
