// Business dates of the terms: plain calendar dates in Japan Standard Time.
// Instants (Date) exist only at the edges; everything the terms count in days,
// months and years is a Temporal.PlainDate.
import { Temporal } from 'temporal-polyfill';

export type BusinessDate = Temporal.PlainDate;
export const BUSINESS_TIME_ZONE = 'Asia/Tokyo';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** The JST calendar date on which an instant falls. */
export function jstDateOf(instant: Date): BusinessDate {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(BUSINESS_TIME_ZONE)
    .toPlainDate();
}

/** The instant at which a JST date reaches the given hour (0–23). */
export function jstInstantAt(date: BusinessDate, hour = 0): Date {
  const zoned = date.toZonedDateTime({ timeZone: BUSINESS_TIME_ZONE, plainTime: new Temporal.PlainTime(hour) });
  return new Date(zoned.epochMilliseconds);
}

/** Parses `YYYY-MM-DD` strictly (no overflow: 2026-02-30 is refused). */
export function parseBusinessDate(text: string): BusinessDate | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  try {
    return Temporal.PlainDate.from({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { overflow: 'reject' });
  } catch {
    return undefined;
  }
}

/**
 * Parses an instant. With a UTC offset (`Z`, `+09:00`) it is taken as written; without one it is
 * JST wall-clock time; a bare date is the start of that JST day.
 */
export function parseInstant(text: string): Date | undefined {
  const s = text.trim().replace(' ', 'T');
  const date = parseBusinessDate(s);
  if (date) return jstInstantAt(date, 0);
  try {
    if (HAS_OFFSET.test(s)) return new Date(Temporal.Instant.from(s).epochMilliseconds);
    const wall = Temporal.PlainDateTime.from(s, { overflow: 'reject' });
    return new Date(wall.toZonedDateTime(BUSINESS_TIME_ZONE).epochMilliseconds);
  } catch {
    return undefined;
  }
}

export function toBusinessDate(text: string): BusinessDate {
  const d = parseBusinessDate(text);
  if (!d) throw new RangeError(`not a date (YYYY-MM-DD): ${text}`);
  return d;
}

export function compareDates(a: BusinessDate, b: BusinessDate): number {
  return Temporal.PlainDate.compare(a, b);
}

export function laterOf(a: BusinessDate, b: BusinessDate): BusinessDate {
  return compareDates(a, b) >= 0 ? a : b;
}

export function earlierOf(a: BusinessDate, b: BusinessDate): BusinessDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function isOnOrBefore(a: BusinessDate, b: BusinessDate): boolean {
  return compareDates(a, b) <= 0;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return date.add({ days });
}

/** Calendar months; a day that the target month lacks becomes its last day (Aug 31 + 6m = Feb 28). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  return date.add({ months }, { overflow: 'constrain' });
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return a.until(b, { largestUnit: 'days' }).days;
}

const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

/** The Japanese era date staff read on paper forms: 2027-03-31 → 令和9年3月31日. */
export function japaneseEraDate(date: BusinessDate): string {
  return eraFormat.format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}
