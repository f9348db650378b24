// Business dates of the terms: plain calendar dates in Japan Standard Time.
// Instants (Date) exist only at the edges; everything the terms count in days,
// months and years is a Temporal.PlainDate.
import { Temporal } from 'temporal-polyfill';

export type BusinessDate = Temporal.PlainDate;
export const BUSINESS_TIME_ZONE = 'Asia/Tokyo';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * The JST calendar date on which an instant falls. Remembered per quarter-hour: a day begins on a
 * quarter-hour in every time zone, and a sweep or a notice fan-out asks for thousands of instants'
 * dates, each costing microseconds of time-zone arithmetic.
 */
export function jstDateOf(instant: Date): BusinessDate {
  const quarter = Math.floor(instant.getTime() / QUARTER_HOUR_MS);
  let date = datesByQuarter.get(quarter);
  if (date === undefined) {
    date = Temporal.Instant.fromEpochMilliseconds(quarter * QUARTER_HOUR_MS)
      .toZonedDateTimeISO(BUSINESS_TIME_ZONE)
      .toPlainDate();
    remember(datesByQuarter, quarter, date);
  }
  return date;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const datesByQuarter = new Map<number, BusinessDate>();

/** A memo that forgets everything once it is large: what it keeps (dates, numbers) is immutable, so sharing is safe. */
export function remember<K, V>(memo: Map<K, V>, key: K, value: V): void {
  if (memo.size >= 50_000) memo.clear();
  memo.set(key, value);
}

/** An instant as JST wall-clock time to the minute: `2026-09-01 10:00`. */
export function jstWallClock(instant: Date): string {
  const z = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(BUSINESS_TIME_ZONE);
  return `${z.toPlainDate().toString()} ${String(z.hour).padStart(2, '0')}:${String(z.minute).padStart(2, '0')}`;
}

/** The instant at which a JST date reaches the given hour (0–23). Remembered, as jstDateOf. */
export function jstInstantAt(date: BusinessDate, hour = 0): Date {
  const key = dateKey(date) * 24 + hour;
  let ms = instantsAt.get(key);
  if (ms === undefined) {
    ms = date.toZonedDateTime({
      timeZone: BUSINESS_TIME_ZONE,
      plainTime: new Temporal.PlainTime(hour),
    }).epochMilliseconds;
    remember(instantsAt, key, ms);
  }
  // A fresh Date each time: callers may change theirs.
  return new Date(ms);
}

const instantsAt = new Map<number, number>();

/** Parses `YYYY-MM-DD` strictly (no overflow: 2026-02-30 is refused). */
export function parseBusinessDate(text: string): BusinessDate | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  try {
    return Temporal.PlainDate.from(
      { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) },
      { overflow: 'reject' },
    );
  } catch {
    return undefined;
  }
}

/** Dates certdesk accepts anywhere: a certificate, a form or a fee outside these years is a typing mistake. */
export const EARLIEST_YEAR = 2000;
export const LATEST_YEAR = 2199;

const inSaneRange = (year: number) => year >= EARLIEST_YEAR && year <= LATEST_YEAR;

export type InstantProblem =
  /** Not an instant in any form certdesk reads. */
  | 'unreadable'
  /** `…-05:00[America/New_York]` in summer: the offset and the zone disagree. */
  | 'offset-contradicts-zone'
  /** A time zone name the machine does not know. */
  | 'unknown-zone'
  /** A wall-clock time that happens twice in its zone (clocks set back): an offset is needed. */
  | 'ambiguous'
  /** A wall-clock time that never happens in its zone (clocks set forward). */
  | 'nonexistent'
  | 'out-of-range';

export type InstantReading = { ok: true; instant: Date } | { ok: false; problem: InstantProblem };

const BRACKETED_ZONE = /\[!?([^\]=]+)\](\[[^\]]*\])*$/;

/**
 * Reads an instant: ISO 8601 with a UTC offset (`Z`, `+09:00`) as written; RFC 9557 with a zone
 * name in brackets (`2026-09-01T20:00-04:00[America/New_York]`, as Java's ZonedDateTime prints)
 * in that zone, refusing an offset that contradicts it; without either, JST wall-clock time; a bare
 * date is the start of that JST day.
 */
export function readInstant(text: string): InstantReading {
  const s = text.trim().replace(' ', 'T');
  const date = parseBusinessDate(s);
  if (date)
    return inSaneRange(date.year)
      ? { ok: true, instant: jstInstantAt(date, 0) }
      : { ok: false, problem: 'out-of-range' };
  if (/^[+-]\d{6}/.test(s)) return { ok: false, problem: 'out-of-range' };
  let epochMs: number;
  try {
    const zone = BRACKETED_ZONE.exec(s);
    if (zone) {
      // Calendar annotations ([u-ca=…]) say how to display, not when: drop them.
      const bare = s.replace(/\[u-ca=[^\]]*\]/g, '');
      epochMs = Temporal.ZonedDateTime.from(bare, { offset: 'reject', disambiguation: 'reject' }).epochMilliseconds;
    } else if (HAS_OFFSET.test(s)) {
      epochMs = Temporal.Instant.from(s).epochMilliseconds;
    } else {
      const wall = Temporal.PlainDateTime.from(s, { overflow: 'reject' });
      epochMs = wall.toZonedDateTime(BUSINESS_TIME_ZONE).epochMilliseconds;
    }
  } catch (e) {
    return { ok: false, problem: instantProblem(s, (e as Error).message) };
  }
  const instant = new Date(epochMs);
  return inSaneRange(jstDateOf(instant).year) ? { ok: true, instant } : { ok: false, problem: 'out-of-range' };
}

function instantProblem(s: string, message: string): InstantProblem {
  const zone = BRACKETED_ZONE.exec(s)?.[1];
  if (zone && !/^[+-]\d{2}(:?\d{2})?$/.test(zone)) {
    try {
      Temporal.Now.zonedDateTimeISO(zone);
    } catch {
      return 'unknown-zone';
    }
  }
  const withoutZone = s.replace(BRACKETED_ZONE, '');
  if (zone && HAS_OFFSET.test(withoutZone) && /offset/i.test(message)) return 'offset-contradicts-zone';
  if (zone) {
    // Without the offset, a wall time that Temporal refused is either in a gap or an overlap.
    try {
      const wall = Temporal.PlainDateTime.from(withoutZone);
      const earlier = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
      const later = wall.toZonedDateTime(zone, { disambiguation: 'later' });
      if (!earlier.toPlainDateTime().equals(wall)) return 'nonexistent';
      if (earlier.epochMilliseconds !== later.epochMilliseconds) return 'ambiguous';
    } catch {
      return 'unreadable';
    }
  }
  return 'unreadable';
}

/** An instant, or undefined when it cannot be read (see readInstant for the forms). */
export function parseInstant(text: string): Date | undefined {
  const r = readInstant(text);
  return r.ok ? r.instant : undefined;
}

/** A date `YYYY-MM-DD` inside the years certdesk accepts. */
export type DateReading =
  | { ok: true; date: BusinessDate }
  | { ok: false; problem: 'unreadable' | 'out-of-range' }
  | { ok: false; problem: 'no-such-day'; daysInMonth: number };

export function readBusinessDate(text: string): DateReading {
  const d = parseBusinessDate(text);
  if (!d) {
    // YYYY-MM-DD with a day its month does not have (2027-02-30): say so, not "not a date".
    const m = ISO_DATE.exec(text.trim());
    const month = m ? Number(m[2]) : 0;
    if (m && month >= 1 && month <= 12)
      return {
        ok: false,
        problem: 'no-such-day',
        daysInMonth: Temporal.PlainYearMonth.from({ year: Number(m[1]), month }).daysInMonth,
      };
    return { ok: false, problem: 'unreadable' };
  }
  return inSaneRange(d.year) ? { ok: true, date: d } : { ok: false, problem: 'out-of-range' };
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
  if (Math.abs(days) > MEMO_DAYS) return date.add({ days });
  const key = dateKey(date) * (2 * MEMO_DAYS + 1) + days + MEMO_DAYS;
  let sum = daysAdded.get(key);
  if (sum === undefined) remember(daysAdded, key, (sum = date.add({ days })));
  return sum;
}

/** Remembered: the schedule of every cycle counts days from its expiry date, many share one. */
const daysAdded = new Map<number, BusinessDate>();
const MEMO_DAYS = 100_000;

/** A date as one number, for a memo's key: formatting it would cost more than the memo saves. */
function dateKey(date: BusinessDate): number {
  return (date.year * 16 + date.month) * 32 + date.day;
}

/** Calendar months; a day that the target month lacks becomes its last day (Aug 31 + 6m = Feb 28). */
export function addMonths(date: BusinessDate, months: number): BusinessDate {
  return date.add({ months }, { overflow: 'constrain' });
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: BusinessDate, b: BusinessDate): number {
  return a.until(b, { largestUnit: 'days' }).days;
}

/** Made on first use: loading the Japanese calendar costs every command that never shows an era date. */
let eraFormat: Intl.DateTimeFormat | undefined;

/** The Japanese era date staff read on paper forms: 2027-03-31 → 令和9年3月31日. */
export function japaneseEraDate(date: BusinessDate): string {
  eraFormat ??= new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
  return eraFormat.format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}
