import { confusablesSource, skeleton } from './confusables';

describe('skeleton (UTS #39 §4)', () => {
  it.each([
    ['\u0430dmin', 'admin'], // Cyrillic а
    ['p\u0430yp\u0430l', 'paypal'],
    ['\u0412\u041e\u0412', 'BOB'], // Cyrillic capitals
    ['\u0391\u0392', 'AB'], // Greek capitals
    ['m', 'rn'], // multi-character prototypes both ways
    ['|', 'l'],
    ['1', 'l'],
    ['I', 'l'],
    ['0', 'O'],
  ])('%p and %p have one skeleton', (a, b) => {
    expect(skeleton(a)).toBe(skeleton(b));
  });

  it.each([
    ['admin', 'admins'],
    ['alice', 'bob'],
    ['\u0430', '\u0431'],
  ])('%p and %p have different skeletons', (a, b) => {
    expect(skeleton(a)).not.toBe(skeleton(b));
  });

  it('drops default-ignorable characters, as UTS #39 §4 asks since Unicode 15.1', () => {
    expect(skeleton('ad\u200dmin\u00ad')).toBe(skeleton('admin'));
  });

  it('returns NFD text', () => {
    expect(skeleton('\u00e9')).toBe('e\u0301');
  });

  it('names its data: Unicode confusables as compiled into ICU', () => {
    expect(confusablesSource()).toMatch(/^Unicode confusables\.txt .* ICU \d+\.\d+, Unicode \d+\.\d+\.\d+$/);
  });
});
