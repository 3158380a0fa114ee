/** What a `<time>` element shows: the machine-readable instant, the full date, and "3 days ago". */
export interface FormattedTime {
  /** ISO 8601 in UTC, for the `datetime` attribute (HTML's valid global date and time string). */
  iso: string;
  /** The full date and time in the page's language, in UTC (the `title`, shown on hover). */
  title: string;
  /** Relative to `now`, in the page's language: "3 days ago", "in 2 hours", "now". */
  text: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The largest unit that reads naturally; months and years are averages, close enough for "ago". */
const UNITS: { unit: Intl.RelativeTimeFormatUnit; ms: number; below: number }[] = [
  { unit: 'second', ms: SECOND, below: MINUTE },
  { unit: 'minute', ms: MINUTE, below: HOUR },
  { unit: 'hour', ms: HOUR, below: DAY },
  { unit: 'day', ms: DAY, below: 30 * DAY },
  { unit: 'month', ms: 30.44 * DAY, below: 365 * DAY },
  { unit: 'year', ms: 365.25 * DAY, below: Infinity },
];

/** A language tag Intl accepts, else English: a tag from the catalog's folder names is trusted but checked. */
function locale(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** A `Date`, or a string or number a `Date` can be made of; undefined when it names no instant. */
export function toInstant(value: unknown): Date | undefined {
  const date =
    value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Pure (now passed in), so the words are tested without a clock. */
export function formatTime(now: Date, date: Date, language: string): FormattedTime {
  const tag = locale(language);
  const diff = date.getTime() - now.getTime();
  const size = Math.abs(diff);
  const { unit, ms } = UNITS.find((u) => size < u.below)!;
  // Under ten seconds is "now" (numeric: 'auto' words 0 seconds so). Otherwise a number: 'auto' would
  // say "yesterday" or "last month" for spans that may lie two calendar days or months back.
  const amount = size < 10 * SECOND ? 0 : Math.trunc(diff / ms);
  const numeric = amount === 0 ? 'auto' : 'always';
  return {
    iso: date.toISOString(),
    title: new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'long', timeZone: 'UTC' }).format(date),
    text: new Intl.RelativeTimeFormat(tag, { numeric }).format(amount, unit),
  };
}
