import { describe, expect, it } from 'vitest';
import { toBusinessDate as d } from '../../src/domain/dates.js';
import { abolitionEnd, endHasCome } from '../../src/domain/ending.js';

describe('Art. 9: a contract is in force through the whole of its end date', () => {
  it('a cancellation or "don\'t renew" has ended from 00:00 JST of the next day', () => {
    expect(endHasCome({ on: d('2027-01-10') }, d('2027-01-10'))).toBe(false);
    expect(endHasCome({ on: d('2027-01-10') }, d('2027-01-11'))).toBe(true);
  });
  it('Art. 8: an abolition ends it from the start of the abolition date', () => {
    expect(endHasCome({ on: d('2026-12-20'), fromStartOfDay: true }, d('2026-12-19'))).toBe(false);
    expect(endHasCome({ on: d('2026-12-20'), fromStartOfDay: true }, d('2026-12-20'))).toBe(true);
  });
});

describe('Art. 8 with Art. 6(2): the day an abolition ends a contract', () => {
  const term = {
    expiryDate: d('2027-03-31'),
    replyDeadline: d('2027-03-01'),
    renewedTermEnd: d('2028-03-31'),
    renewalRecordedAt: null,
  };
  const recorded = (iso: string) => new Date(iso);
  it('within the term: on the abolition date', () => {
    expect(abolitionEnd({ from: d('2027-02-01'), recordedAt: recorded('2027-01-05T01:00:00Z') }, term)).toEqual(
      d('2027-02-01'),
    );
  });
  it('within the term a renewal would begin, on record by the deadline: on the expiry date, nothing renews', () => {
    expect(abolitionEnd({ from: d('2027-04-15'), recordedAt: recorded('2027-01-05T01:00:00Z') }, term)).toEqual(
      d('2027-03-31'),
    );
    // 23:59 JST on the deadline day is still by the deadline.
    expect(abolitionEnd({ from: d('2027-04-15'), recordedAt: recorded('2027-03-01T14:59:00Z') }, term)).toEqual(
      d('2027-03-31'),
    );
  });
  it('recorded after the deadline, or after the renewal was recorded, or beyond the renewed term: on its own date', () => {
    expect(abolitionEnd({ from: d('2027-04-15'), recordedAt: recorded('2027-03-01T15:00:00Z') }, term)).toEqual(
      d('2027-04-15'),
    );
    expect(
      abolitionEnd(
        { from: d('2027-04-15'), recordedAt: recorded('2027-02-10T00:00:00Z') },
        { ...term, renewalRecordedAt: recorded('2027-02-01T00:00:00Z') },
      ),
    ).toEqual(d('2027-04-15'));
    expect(abolitionEnd({ from: d('2028-04-01'), recordedAt: recorded('2027-01-05T01:00:00Z') }, term)).toEqual(
      d('2028-04-01'),
    );
  });
});
