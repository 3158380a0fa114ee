import { formatTime, toInstant } from './time-format';

describe('formatTime', () => {
  const now = new Date('2026-12-06T12:00:00.000Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;

  it.each([
    [0, 'now'],
    [9_000, 'now'],
    [30_000, '30 seconds ago'],
    [5 * minute, '5 minutes ago'],
    [59 * minute, '59 minutes ago'],
    [2 * hour, '2 hours ago'],
    [1 * day, '1 day ago'],
    [3 * day, '3 days ago'],
    [60 * day, '1 month ago'],
    [400 * day, '1 year ago'],
    [3 * 365 * day, '2 years ago'],
    [-2 * hour, 'in 2 hours'],
  ])('%i ms ago reads "%s" in English', (ms, text) => {
    expect(formatTime(now, ago(ms), 'en').text).toBe(text);
  });

  it('gives the ISO instant and the full UTC date in the page language', () => {
    const shown = formatTime(now, ago(3 * day), 'en');
    expect(shown.iso).toBe('2026-12-03T12:00:00.000Z');
    expect(shown.title).toBe('Thursday, December 3, 2026 at 12:00:00 PM UTC');
  });

  it('speaks the page language', () => {
    const shown = formatTime(now, ago(3 * day), 'de');
    expect(shown.text).toBe('vor 3 Tagen');
    expect(shown.title).toBe('Donnerstag, 3. Dezember 2026 um 12:00:00 UTC');
  });

  it('falls back to English for a tag Intl refuses', () => {
    expect(formatTime(now, ago(3 * day), 'not a tag!').text).toBe('3 days ago');
  });

  it('reads dates, ISO strings and epoch numbers; anything else is no instant', () => {
    expect(toInstant(now)).toBe(now);
    expect(toInstant('2026-12-06T12:00:00.000Z')?.getTime()).toBe(now.getTime());
    expect(toInstant(now.getTime())?.getTime()).toBe(now.getTime());
    expect(toInstant('yesterday')).toBeUndefined();
    expect(toInstant(undefined)).toBeUndefined();
    expect(toInstant({})).toBeUndefined();
  });
});
