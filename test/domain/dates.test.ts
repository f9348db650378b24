import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  addMonths,
  japaneseEraDate,
  jstDateOf,
  jstInstantAt,
  jstWallClock,
  parseBusinessDate,
  parseInstant,
  readBusinessDate,
  readInstant,
  toBusinessDate,
} from '../../src/domain/dates.js';

const d = toBusinessDate;

describe('JST business dates', () => {
  it('an instant falls on the JST date, whatever the machine time zone', () => {
    expect(jstDateOf(new Date('2026-08-31T14:59:59Z')).toString()).toBe('2026-08-31');
    expect(jstDateOf(new Date('2026-08-31T15:00:00Z')).toString()).toBe('2026-09-01');
    expect(jstDateOf(new Date('2026-12-31T15:00:00Z')).toString()).toBe('2027-01-01');
  });

  it('the JST date of any instant is the UTC date nine hours later (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          // Japan has kept +09:00 without daylight saving since 1951, so UTC+9 is an exact oracle.
          const shifted = new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
          expect(jstDateOf(instant).toString()).toBe(shifted);
        },
      ),
    );
  });

  it('a date remembered for one instant is never given for an instant of another day (property)', () => {
    // Instants within a minute of JST midnight, asked in any order.
    const nearMidnight = fc
      .tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -60_000, max: 60_000 }))
      .map(([day, ms]) => new Date(Date.UTC(2000, 0, 1, 15) + day * 86_400_000 + ms));
    fc.assert(
      fc.property(fc.array(nearMidnight, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const instant of instants)
          expect(jstDateOf(instant).toString()).toBe(
            new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 10),
          );
      }),
    );
  });

  it('an instant without a UTC offset is read as JST', () => {
    expect(parseInstant('2026-09-01T10:00')?.toISOString()).toBe('2026-09-01T01:00:00.000Z');
    expect(parseInstant('2026-09-01 00:30:00')?.toISOString()).toBe('2026-08-31T15:30:00.000Z');
    expect(parseInstant('2026-09-01')?.toISOString()).toBe('2026-08-31T15:00:00.000Z');
    expect(parseInstant('2026-09-01T10:00:00Z')?.toISOString()).toBe('2026-09-01T10:00:00.000Z');
    expect(parseInstant('2026-09-01T10:00:00-07:00')?.toISOString()).toBe('2026-09-01T17:00:00.000Z');
    expect(parseInstant('yesterday')).toBeUndefined();
    expect(parseInstant('2026-02-30T10:00')).toBeUndefined();
  });

  it('dates are strict: no 30 February', () => {
    expect(parseBusinessDate('2026-02-30')).toBeUndefined();
    expect(parseBusinessDate('2028-02-29')?.toString()).toBe('2028-02-29');
    expect(parseBusinessDate('2026-2-3')).toBeUndefined();
  });

  it('calendar months end on the last day a short month has', () => {
    expect(addMonths(d('2026-08-31'), 6).toString()).toBe('2027-02-28');
    expect(addMonths(d('2027-08-31'), 6).toString()).toBe('2028-02-29');
    expect(addMonths(d('2028-02-29'), 12).toString()).toBe('2029-02-28');
  });

  it('a JST date at an hour is that wall-clock time in Tokyo', () => {
    expect(jstInstantAt(d('2026-11-11'), 9).toISOString()).toBe('2026-11-11T00:00:00.000Z');
  });

  it('staff see the Japanese era date', () => {
    expect(japaneseEraDate(d('2027-03-31'))).toBe('令和9年3月31日');
    expect(japaneseEraDate(d('2019-05-01'))).toBe('令和元年5月1日');
    expect(japaneseEraDate(d('2016-07-01'))).toBe('平成28年7月1日');
  });
});

describe('instants as people and other systems write them (RFC 3339, RFC 9557)', () => {
  const read = (s: string) => {
    const r = readInstant(s);
    return r.ok ? r.instant.toISOString() : r.problem;
  };
  it('a zone name in brackets is honoured, with or without the offset (Java ZonedDateTime)', () => {
    expect(read('2026-09-01T20:00[America/New_York]')).toBe('2026-09-02T00:00:00.000Z');
    expect(read('2026-09-01T20:00-04:00[America/New_York]')).toBe('2026-09-02T00:00:00.000Z');
    expect(read('2026-09-01T20:00:00.000+09:00[!Asia/Tokyo][u-ca=japanese]')).toBe('2026-09-01T11:00:00.000Z');
    expect(jstDateOf(parseInstant('2026-09-01T20:00[America/New_York]')!).toString()).toBe('2026-09-02');
  });
  it('an offset that contradicts its zone is refused, and so are unknown zones and wall times that happen twice or never', () => {
    expect(read('2026-09-01T20:00-05:00[America/New_York]')).toBe('offset-contradicts-zone');
    expect(read('2026-09-01T20:00[Mars/Olympus]')).toBe('unknown-zone');
    expect(read('2026-11-01T01:30[America/New_York]')).toBe('ambiguous');
    expect(read('2026-11-01T01:30-05:00[America/New_York]')).toBe('2026-11-01T06:30:00.000Z');
    expect(read('2026-03-08T02:30[America/New_York]')).toBe('nonexistent');
  });
  it('dates outside 2000–2199 are refused as out of range, not read', () => {
    expect(read('9999-12-31')).toBe('out-of-range');
    expect(read('+275760-09-13T00:00:00Z')).toBe('out-of-range');
    expect(read('1999-12-31T14:59:59Z')).toBe('out-of-range');
    expect(read('1999-12-31T15:00:00Z')).toBe('1999-12-31T15:00:00.000Z');
    expect(readBusinessDate('2200-01-01')).toEqual({ ok: false, problem: 'out-of-range' });
  });
  it('any zoned instant falls on the JST date of its UTC instant (property)', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Asia/Kolkata',
      'Pacific/Kiritimati',
      'America/Los_Angeles',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2190-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        (instant, zone) => {
          const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone).toString();
          const r = readInstant(zoned);
          expect(r.ok && r.instant.getTime()).toBe(instant.getTime());
        },
      ),
    );
  });
  it('a JST wall clock reads back as the same instant', () => {
    expect(jstWallClock(new Date('2026-09-01T01:00:00Z'))).toBe('2026-09-01 10:00');
  });
});
